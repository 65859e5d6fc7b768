"""The step-down list (主动让贤名单) the party group takes to its meeting: one row per step-down case of a year.

Columns: 年度, 工号, 姓名, 考核组, 原因, 公布日期, 申请截止日期, 状态 — the reason and the state by their Chinese
labels, dates as YYYY-MM-DD, ordered by assessment group, then rank. Withdrawn cases (a later result version took
the cadre out) are included with the state 已撤回, so that the meeting sees what changed since the last list.

The lists are small (a tenth of the middle managers at most): both formats are built in memory. Every text cell a
spreadsheet could take for a formula (one beginning with = + - @, a tab or a carriage return) is written as text:
in CSV with common.exports' quote prefix, in XLSX as a string cell with Excel's quote-prefix style.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_record
from common.exports import XlsxInMemory, csv_lines, csv_response
from common.printing import PrintTitle
from demotion.models import StepDownCase
from org.models import Organization
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

EXPORT_LANGUAGE = "zh-hans"
HEADER = [
    gettext_lazy("年度"),
    gettext_lazy("工号"),
    gettext_lazy("姓名"),
    gettext_lazy("考核组"),
    gettext_lazy("原因"),
    gettext_lazy("公布日期"),
    gettext_lazy("申请截止日期"),
    gettext_lazy("状态"),
]
COLUMN_WIDTHS = [6, 12, 12, 28, 26, 12, 14, 22]


def stepdown_cases(
    *, year: int, user=None, organization: Organization | None = None, state: str = ""
) -> QuerySet[StepDownCase]:
    """The year's cases: of the user's units (HR, committee; the admin all), or of one organization (commands)."""
    qs = StepDownCase.objects.filter(year=year).select_related("cadre")
    if organization is not None:
        qs = qs.filter(organization=organization)
    if user is not None:
        roles = get_roles(user)
        if not roles.is_admin:
            qs = qs.filter(roles.unit_q(ROLE_HR, ROLE_COMMITTEE, prefix="cadre__unit__"))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("group_name", F("rank").asc(nulls_last=True), "cadre__employee_no", "id")


def export_header() -> list[str]:
    with translation.override(EXPORT_LANGUAGE):
        return [str(h) for h in HEADER]


def export_rows(cases: Iterable[StepDownCase]) -> list[tuple]:
    """The rows as plain values (labels in the export language), before any formula protection."""
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                case.year,
                case.cadre.employee_no,
                case.cadre.name,
                case.group_name,
                str(case.get_reason_display()),
                case.published_on.isoformat(),
                case.deadline.isoformat(),
                str(case.get_state_display()),
            )
            for case in cases
        ]


def export_file_name(*, year: int, extension: str, state: str = "") -> str:
    with translation.override(EXPORT_LANGUAGE):
        name = _("%(year)d年度主动让贤名单") % {"year": year}
        if state:
            name += f"-{StepDownCase.State(state).label}"
        return f"{name}.{extension}"


def csv_download(*, year: int, rows: list[tuple], state: str = ""):
    """A CSV (UTF-8 with BOM, opens in Excel) as a download response."""
    return csv_response(export_file_name(year=year, extension="csv", state=state), export_header(), rows)


def write_csv(target, rows: list[tuple]) -> None:
    """The same file into a binary file object."""
    for line in csv_lines(export_header(), rows):
        target.write(line.encode("utf-8"))


def xlsx_bytes(rows: list[tuple], *, organization: str = "", year: int | None = None) -> bytes:
    """The workbook: bold frozen header, column widths, every text cell written as a string (never a formula); it
    prints as a document dated by the latest publication among its rows (common.printing)."""
    with translation.override(EXPORT_LANGUAGE):
        sheet_name = _("主动让贤名单")
    published = [datetime.date.fromisoformat(row[5]) for row in rows if row[5]]
    title = PrintTitle(
        what=sheet_name,
        organization=organization,
        year=year if year is not None else (rows[0][0] if rows else None),
        made_on=max(published, default=None),
    )
    with XlsxInMemory() as book:
        sheet = book.sheet(sheet_name, header=export_header(), widths=COLUMN_WIDTHS)
        for r, row in enumerate(rows, start=1):
            book.write_row(sheet, r, row)
        sheet.autofilter(0, 0, max(len(rows), 1), len(HEADER) - 1)
        book.print_ready(sheet, title)
    return book.getvalue()


@transaction.atomic
def stepdown_export_record(
    *, actor, organizations: Iterable[Organization], year: int, file_format: str, rows: int, state: str = ""
) -> None:
    """A download of the list is a disclosure of personnel data: who took which list, and when (one audit row for
    each organization whose rows it could hold)."""
    for organization in organizations:
        audit_log_record(
            actor=actor,
            action="demotion.stepdown.export",
            subject=organization,
            after={"format": file_format, "year": year, "state": state, "rows": rows},
        )
