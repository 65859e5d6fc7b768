"""The results usage lists as files for the party committee's meeting: CSV (UTF-8 with a byte-order mark, so Excel
reads it) and XLSX built in memory (the lists are a few dozen rows). Every text cell a spreadsheet could take for a
formula is written as text (common.exports; in XLSX a string cell with Excel's quote prefix). Each download is
audited: the lists are personnel data."""

from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_response
from common.printing import PrintTitle
from demotion.selectors.usage import LIST_TITLES, UsageLists, UsageRow

FORMATS = ("csv", "xlsx")
COLUMN_WIDTHS = [30, 12, 12, 20, 16, 36, 60, 40]


def header() -> list[str]:
    return [_("名单"), _("工号"), _("姓名"), _("单位"), _("考核组"), _("考核等次"), _("运用建议"), _("说明")]


def _cells(name: str, row: UsageRow) -> list[str]:
    return [
        str(LIST_TITLES[name]),
        row.cadre.employee_no,
        row.cadre.name,
        row.cadre.unit.name,
        row.group_name,
        row.grades_text,
        row.proposal,
        row.remark,
    ]


def rows(lists: UsageLists, names: list[str]):
    for name in names:
        for row in lists.rows(name):
            yield _cells(name, row)


def file_name(lists: UsageLists, names: list[str], extension: str) -> str:
    what = str(LIST_TITLES[names[0]]) if len(names) == 1 else _("考核结果运用名单")
    what = what.split(":")[0].split("(")[0]
    return f"{lists.organization.name}{lists.year}年{what}.{extension}"


def _xlsx(lists: UsageLists, names: list[str]) -> bytes:
    titles = header()
    what = file_name(lists, names, "x")[len(f"{lists.organization.name}{lists.year}年") : -2]
    paper = PrintTitle(
        what=what,
        organization=lists.organization.name,
        year=lists.year,
        version=lists.publication.version,
        made_on=lists.on,
    )
    with XlsxInMemory() as book:
        for index, name in enumerate(names):
            # A sheet name is at most 31 characters and may not hold []:*?/\
            title = str(LIST_TITLES[name]).split(":")[0].split("(")[0]
            sheet = book.sheet(f"{index + 1}.{title}"[:31], header=titles, widths=COLUMN_WIDTHS)
            for r, row in enumerate(lists.rows(name), start=1):
                book.write_row(sheet, r, _cells(name, row))
            book.print_ready(sheet, paper)
    return book.getvalue()


def usage_response(*, lists: UsageLists, names: list[str], file_format: str):
    if file_format == "csv":
        return csv_response(file_name(lists, names, "csv"), header(), rows(lists, names))
    response = HttpResponse(_xlsx(lists, names), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name(lists, names, "xlsx"))
    return response


@transaction.atomic
def usage_export_record(*, actor, lists: UsageLists, names: list[str], file_format: str) -> None:
    """Who took which lists of which year, and when."""
    audit_log_record(
        actor=actor,
        action="demotion.usage.export",
        subject=lists.publication.audit_subject,
        after={
            "format": file_format,
            "year": lists.year,
            "lists": names,
            "rows": sum(len(lists.rows(n)) for n in names),
            "on": lists.on,
        },
    )
