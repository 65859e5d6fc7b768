"""The tenure downloads, each as CSV (UTF-8 with BOM) and XLSX, always in Chinese: the term register (任期登记), a
round's evaluations (任期考评结果) and the audits (经济责任审计). Every cell a spreadsheet could take for a formula is
written as text (common.exports); the same data gives the same bytes (the XLSX's creation time is fixed). Each
download is recorded in the audit log: personnel data leaving the system."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_record
from common.exports import XlsxInMemory, csv_response
from common.printing import PrintTitle, latest_date
from tenure.models import EconomicAudit, EvaluationRound, TermEvaluation
from tenure.selectors.terms import TermRow

EXPORT_LANGUAGE = "zh-hans"
FIXED_CREATED = datetime.datetime(2000, 1, 1)

TERM_HEADER = [
    gettext_lazy("工号"),
    gettext_lazy("姓名"),
    gettext_lazy("单位"),
    gettext_lazy("职务"),
    gettext_lazy("实行"),
    gettext_lazy("第几任期"),
    gettext_lazy("任期开始"),
    gettext_lazy("任期届满"),
    gettext_lazy("实际结束"),
    gettext_lazy("接续前任任期"),
    gettext_lazy("已任职"),
    gettext_lazy("计入任期数"),
    gettext_lazy("达到的上限"),
    gettext_lazy("届满安置"),
]
EVALUATION_HEADER = [
    gettext_lazy("年度"),
    gettext_lazy("考评类型"),
    gettext_lazy("工号"),
    gettext_lazy("姓名"),
    gettext_lazy("单位"),
    gettext_lazy("职务"),
    gettext_lazy("层级"),
    gettext_lazy("系统"),
    gettext_lazy("工作实绩"),
    gettext_lazy("民意测评"),
    gettext_lazy("综合得分"),
    gettext_lazy("排名"),
    gettext_lazy("同层级同系统人数"),
    gettext_lazy("档次"),
    gettext_lazy("优秀名额边界并列"),
]
AUDIT_HEADER = [
    gettext_lazy("工号"),
    gettext_lazy("姓名"),
    gettext_lazy("审计类型"),
    gettext_lazy("审计期间(起)"),
    gettext_lazy("审计期间(止)"),
    gettext_lazy("状态"),
    gettext_lazy("通知书送达日期"),
    gettext_lazy("现场审计开始日期"),
    gettext_lazy("书面意见截止日期"),
    gettext_lazy("书面意见日期"),
    gettext_lazy("审计报告日期"),
    gettext_lazy("审计结论"),
    gettext_lazy("整改期限"),
    gettext_lazy("办结日期"),
]


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def _date(value) -> str:
    return value.isoformat() if value else ""


def term_rows(rows: Iterable[TermRow]) -> list[tuple]:
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                row.term.cadre.employee_no,
                row.term.cadre.name,
                row.term.post.unit.name,
                row.term.post.name,
                str(row.term.get_regime_display()),
                row.term.number,
                _date(row.term.starts_on),
                _date(row.term.ends_on),
                _date(row.term.ended_on),
                _yes(row.term.inherited),
                str(row.served),
                _yes(row.counts),
                "、".join(str(c.rule.label) for c in row.caps_reached),
                str(row.term.placement.get_outcome_display()) if getattr(row.term, "placement", None) else "",
            )
            for row in rows
        ]


def evaluation_rows(round_: EvaluationRound, evaluations: Iterable[TermEvaluation]) -> list[tuple]:
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                round_.year,
                str(round_.get_stage_display()),
                e.cadre.employee_no,
                e.cadre.name,
                e.post.unit.name,
                e.post.name,
                str(e.get_level_display()),
                e.system.name if e.system else "",
                "" if e.performance is None else f"{e.performance:.2f}",
                "" if e.democratic is None else f"{e.democratic:.2f}",
                "" if e.combined is None else f"{e.combined:.2f}",
                e.rank or "",
                e.group_size or "",
                str(e.final_grade_label),
                _yes(e.excellent_tie),
            )
            for e in evaluations
        ]


def audit_rows(audits: Iterable[EconomicAudit]) -> list[tuple]:
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                a.cadre.employee_no,
                a.cadre.name,
                str(a.get_kind_display()),
                _date(a.period_from),
                _date(a.period_to),
                str(a.get_state_display()),
                _date(a.notice_served_on),
                _date(a.fieldwork_from),
                _date(a.reply_due),
                _date(a.reply_on),
                _date(a.reported_on),
                str(a.get_rating_display()) if a.rating else "",
                _date(a.rectify_due),
                _date(a.closed_on),
            )
            for a in audits
        ]


def header(columns) -> list[str]:
    with translation.override(EXPORT_LANGUAGE):
        return [str(c) for c in columns]


def csv_download(file_name: str, columns, rows: list[tuple]):
    return csv_response(file_name, header(columns), rows)


def xlsx_bytes(sheet_name: str, columns, rows: list[tuple], *, organization: str = "") -> bytes:
    """The workbook; it prints as a document titled with the sheet's name, dated by the latest date in its rows."""
    title = PrintTitle(what=sheet_name, organization=organization, made_on=latest_date(rows))
    with XlsxInMemory() as book:
        book.workbook.set_properties({"created": FIXED_CREATED})
        sheet = book.sheet(sheet_name, header=header(columns), widths=[14] * len(columns))
        for r, row in enumerate(rows, start=1):
            book.write_row(sheet, r, row)
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        book.print_ready(sheet, title)
    return book.getvalue()


@transaction.atomic
def export_record(*, actor, subject, what: str, file_format: str, rows: int, year: int | None = None) -> None:
    """A download is a disclosure of personnel data: who took which list, and when."""
    after = {"what": what, "format": file_format, "rows": rows}
    if year is not None:
        after["year"] = year
    audit_log_record(actor=actor, action="tenure.export", subject=subject, after=after)
