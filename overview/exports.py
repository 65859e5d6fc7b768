"""The list of missing scores, as CSV or XLSX: the same cells give the same bytes (no clock in the file, fixed
workbook properties). Written in Chinese whatever the page's language, like every export of the project."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_lines

EXPORT_LANGUAGE = "zh-hans"
XLSX_CREATED = datetime.datetime(2000, 1, 1)
FORMATS = ("csv", "xlsx")
WIDTHS = (14, 18, 12, 10, 12, 10, 16, 18)
ACTION = "overview.missing.export"


def header() -> list[str]:
    with translation.override(EXPORT_LANGUAGE):
        return [
            _("期间"),
            _("考核项目"),
            _("评分人工号"),
            _("评分人"),
            _("被评人工号"),
            _("被评人"),
            _("考核组"),
            _("状态"),
        ]


def rows(missing) -> list[list]:
    with translation.override(EXPORT_LANGUAGE):
        state = _("未评分")
    return [
        [
            c.period_label,
            c.component_name,
            c.rater_employee_no,
            c.rater_name,
            c.ratee_employee_no,
            c.ratee_name,
            c.group_name,
            state,
        ]
        for c in missing
    ]


def filename(organization, year: int, file_format: str) -> str:
    return f"{organization.code}-{year}-缺评清单.{file_format}"


def missing_bytes(missing, file_format: str) -> bytes:
    if file_format == "csv":
        return "".join(csv_lines(header(), rows(missing))).encode("utf-8")
    with translation.override(EXPORT_LANGUAGE):
        sheet_name = _("缺评清单")
    with XlsxInMemory() as book:
        book.workbook.set_properties({"created": XLSX_CREATED})
        sheet = book.sheet(sheet_name, header=header(), widths=WIDTHS)
        for r, row in enumerate(rows(missing), start=1):
            book.write_row(sheet, r, row)
    return book.getvalue()


def missing_response(*, actor, organization, year: int, missing, file_format: str) -> HttpResponse:
    """The download, and its audit row (who took which list)."""
    content = missing_bytes(missing, file_format)
    with transaction.atomic():
        audit_log_record(
            actor=actor,
            action=ACTION,
            subject=organization,
            after={"year": year, "format": file_format, "cells": len(missing)},
        )
    content_type = "text/csv; charset=utf-8" if file_format == "csv" else XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename(organization, year, file_format))
    return response
