"""The ranking table itself: its rows read as tuples from one scoped query, written as CSV (in chunks, while it
is sent) or as XLSX (xlsxwriter in constant-memory mode)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import xlsxwriter
from django.db import transaction
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Grade, Result, ResultRun, SpecialStatus
from assessments.results.display import bottom_label, grade_label, national_code
from assessments.selectors.final import with_final
from assessments.selectors.results import result_list
from common.audit import audit_log_record
from common.exports import BOM, FORMULA_PREFIXES, sanitize_cell, xlsx_sheet, xlsx_text_format
from common.printing import PrintTitle, fit_widths, print_ready
from org.models import Appointment, AssessmentGroup

EXPORT_LANGUAGE = "zh-hans"
CHUNK_SIZE = 2000  # rows fetched per round trip and written per CSV chunk
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

HEADER = [
    gettext_lazy("年度"),
    gettext_lazy("考核组"),
    gettext_lazy("工号"),
    gettext_lazy("姓名"),
    gettext_lazy("单位"),
    gettext_lazy("职务"),
    gettext_lazy("综合得分"),
    gettext_lazy("组内排名"),
    gettext_lazy("组内人数"),
    gettext_lazy("等次"),
    gettext_lazy("等次代码"),
    None,  # the bottom set, named with the run's scheme's own ratio (后10%, 后15%): export_header
    gettext_lazy("一票否决"),
    gettext_lazy("边界并列"),
]
COLUMN_WIDTHS = [6, 16, 12, 10, 16, 16, 10, 9, 9, 10, 9, 7, 9, 9]
# What the query reads, in this order; everything else comes from the tables built once per export.
FIELDS = (
    "group_id",
    "cadre__employee_no",
    "cadre__name",
    "cadre__unit__name",
    "post_name",
    "composite",
    "rank",
    "group_size",
    "final_grade",
    "final_in_bottom",
    "vetoed",
    "boundary_tie",
    "sanction_effect",
    "no_grade_kind",
)

# The letter of 5 不定等次 by the reason HR recorded (SpecialStatus.ReasonKind). 《公务员考核规定》 and its
# practice name the reasons (probation; under investigation until closed; during a sanction's effect) but not the
# letters of the code table (年度考核结果代码, A1517). The letter is given only where it is settled: 5A
# "新录用人员试用期年度考核不确定等次" (the app's own table in assessments.results.display and the code-table wording
# other cadre-management software imports agree). For 立案调查 and 受处分期间 the two disagree (that wording reads
# 5B "被立案调查尚未结案年度考核不确定等次", 5C "受政纪处分期间年度考核不确定等次"; the app's table the other way round), so
# those, 其他原因 and a state recorded without a kind keep 5 without a letter. 不进行考核 stays 6.
NO_GRADE_LETTERS = {SpecialStatus.ReasonKind.PROBATION.value: "5A"}


# ---------------------------------------------------------------------------------------------------------------
# The rows


def _scoped(*, run: ResultRun, user, group_id: int | None) -> QuerySet[Result]:
    results = Result.objects.filter(run=run) if user is None else result_list(user=user, run=run)
    return results if group_id is None else results.filter(group_id=group_id)


def export_count(*, run: ResultRun, user=None, group_id: int | None = None) -> int:
    """How many rows export_values gives (without computing them)."""
    return _scoped(run=run, user=user, group_id=group_id).count()


def export_values(*, run: ResultRun, user=None, group_id: int | None = None) -> QuerySet:
    """The run's rows as tuples (FIELDS), group by group, best rank first, with the grade and the bottom set as the
    party committee settled them (selectors.final.with_final: a tie decided in or out). `user` None (the command line)
    reads every row; a user reads the rows of their scope (HR: their units; committee and admin: all)."""
    year_start, year_end = datetime.date(run.year, 1, 1), datetime.date(run.year, 12, 31)
    # 职务: the post held in the year (the latest begun by its end), so that the file stays the same over time.
    post = (
        Appointment.objects.filter(cadre_id=OuterRef("cadre_id"), start_date__lte=year_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year_start))
        .order_by("-start_date", "-pk")
        .values("post__name")[:1]
    )
    # The reason kind of HR's 不定等次 record behind the row's grade, for the letter of its code.
    kind = SpecialStatus.objects.filter(
        cadre_id=OuterRef("cadre_id"), year=run.year, state=SpecialStatus.State.UNDETERMINED
    ).values("reason_kind")[:1]
    no_grade_kind = Case(
        When(special_status=SpecialStatus.State.UNDETERMINED, then=Coalesce(Subquery(kind), Value(""))),
        default=Value(""),
    )
    return (
        with_final(_scoped(run=run, user=user, group_id=group_id))
        .annotate(post_name=Coalesce(Subquery(post), Value("")), no_grade_kind=no_grade_kind)
        .order_by("group__name", F("rank").asc(nulls_last=True), "cadre__employee_no")
        .values_list(*FIELDS)
    )


@dataclass(frozen=True)
class _Tables:
    """What every row shares, looked up once: the year, the group names, the grade labels of the scheme's scale."""

    year: int
    groups: dict[int, str]
    labels: dict[str, str]
    codes: dict[tuple[str, str, str], str]  # (grade, sanction effect, no-grade reason kind) -> national code
    yes_no: tuple[str, str]


def _tables(run: ResultRun) -> _Tables:
    groups = dict(
        AssessmentGroup.objects.filter(organization_id=run.organization_id, year=run.year).values_list("id", "name")
    )
    labels = {code: grade_label(code, run.scheme) for code in ["", *Grade.values]}
    effects = [value for value, _label in Result.SanctionEffect.choices]
    codes = {
        (code, effect, kind): national_code(code, scale=run.scheme.grade_scale, sanction_effect=effect)
        for code in ["", *Grade.values]
        for effect in effects
        for kind in ["", *SpecialStatus.ReasonKind.values]
    }
    for (code, effect, kind), _national in list(codes.items()):
        if code == Grade.UNDETERMINED and kind in NO_GRADE_LETTERS:
            codes[code, effect, kind] = NO_GRADE_LETTERS[kind]
    return _Tables(year=run.year, groups=groups, labels=labels, codes=codes, yes_no=(_("否"), _("是")))


def export_header(run: ResultRun) -> list[str]:
    bottom = bottom_label(run.scheme.bottom_ratio)
    return [str(h) if h is not None else bottom for h in HEADER]


def export_file_name(*, run: ResultRun, group: AssessmentGroup | None, extension: str) -> str:
    with translation.override(EXPORT_LANGUAGE):
        name = _("%(org)s%(year)d年度考核结果排名") % {"org": run.organization.name, "year": run.year}
        if group is not None:
            name += f"-{group.name}"
        return f"{name}-{_('第%(version)d版') % {'version': run.version}}.{extension}"


# ---------------------------------------------------------------------------------------------------------------
# CSV


def _csv_rows(values: Iterable[tuple], tables: _Tables) -> Iterator[tuple]:
    year, labels, (no, yes) = tables.year, tables.labels, tables.yes_no
    groups = {pk: sanitize_cell(name) for pk, name in tables.groups.items()}
    risky = FORMULA_PREFIXES
    codes = tables.codes
    units: dict[str, str] = {}
    for (
        group_id,
        employee_no,
        name,
        unit,
        post,
        composite,
        rank,
        size,
        grade,
        bottom,
        vetoed,
        tie,
        effect,
        kind,
    ) in values:
        # common.exports.sanitize_cell's rule, inlined for the free-text columns: 100,000 calls add up.
        if unit not in units:
            units[unit] = sanitize_cell(unit)
        yield (
            year,
            groups[group_id],
            "'" + employee_no if employee_no.startswith(risky) else employee_no,
            "'" + name if name.startswith(risky) else name,
            units[unit],
            "'" + post if post.startswith(risky) else post,
            composite,
            rank,
            size,
            labels[grade],
            codes[grade, effect, kind],
            yes if bottom else no,
            yes if vetoed else no,
            yes if tie else no,
        )


def csv_chunks(*, run: ResultRun, user=None, group_id: int | None = None) -> Iterator[str]:
    """The file as text chunks of CHUNK_SIZE rows: the byte-order mark (Excel then reads UTF-8) and the header
    first. The query runs when the first chunk is asked for."""
    with translation.override(EXPORT_LANGUAGE):
        header, tables = export_header(run), _tables(run)
    values = export_values(run=run, user=user, group_id=group_id).iterator(chunk_size=CHUNK_SIZE)
    rows = _csv_rows(values, tables)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    while True:
        writer.writerows(islice(rows, CHUNK_SIZE))
        chunk = buffer.getvalue()
        if not chunk:
            return
        buffer.seek(0)
        buffer.truncate(0)
        yield chunk


def results_csv_response(*, run: ResultRun, user, group: AssessmentGroup | None = None) -> StreamingHttpResponse:
    """A CSV download written while it is sent (UTF-8 with BOM, opens in Excel)."""
    response = StreamingHttpResponse(
        csv_chunks(run=run, user=user, group_id=group.pk if group else None), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        True, export_file_name(run=run, group=group, extension="csv")
    )
    return response


def write_csv(target, *, run: ResultRun, user=None, group_id: int | None = None) -> None:
    """The same file into a binary file object."""
    for chunk in csv_chunks(run=run, user=user, group_id=group_id):
        target.write(chunk.encode("utf-8"))


# ---------------------------------------------------------------------------------------------------------------
# XLSX


def write_xlsx(
    target,
    *,
    run: ResultRun,
    user=None,
    group_id: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the table to `target` (a path or a binary file object) with xlsxwriter in constant-memory mode (each
    row goes to disk as soon as the next one starts); returns the number of rows. `progress(rows_done)` is called
    every CHUNK_SIZE rows."""
    with translation.override(EXPORT_LANGUAGE):
        header, tables = export_header(run), _tables(run)
        sheet_name = _("考核结果排名")
    year, labels, (no, yes) = tables.year, tables.labels, tables.yes_no
    groups = tables.groups
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    # The file's creation and modification times are the version's (its computation), never the clock: two exports
    # of the same version are the same bytes (xlsxwriter dates the parts inside the archive 1980 already).
    workbook.set_properties({"created": version_time(run)})
    try:
        sheet = xlsx_sheet(workbook, sheet_name, header=header, widths=COLUMN_WIDTHS)
        as_text = xlsx_text_format(workbook)
        text, number = sheet.write_string, sheet.write_number
        special = (*FORMULA_PREFIXES, "<r>")
        row = 0
        values = export_values(run=run, user=user, group_id=group_id).iterator(chunk_size=CHUNK_SIZE)
        codes = tables.codes
        for (
            group_id_,
            employee_no,
            name,
            unit,
            post,
            composite,
            rank,
            size,
            grade,
            bottom,
            vetoed,
            tie,
            effect,
            kind,
        ) in values:
            row += 1
            number(row, 0, year)
            # One test per free-text cell; only a cell that needs care goes the slow way.
            group_name = groups[group_id_]
            if group_name.startswith(special):
                _special_text(sheet, row, 1, group_name, as_text)
            else:
                text(row, 1, group_name)
            if employee_no.startswith(special):
                _special_text(sheet, row, 2, employee_no, as_text)
            else:
                text(row, 2, employee_no)
            if name.startswith(special):
                _special_text(sheet, row, 3, name, as_text)
            else:
                text(row, 3, name)
            for column, value in ((4, unit), (5, post)):
                if value.startswith(special):
                    _special_text(sheet, row, column, value, as_text)
                elif value:
                    text(row, column, value)
            if composite is not None:
                number(row, 6, composite)
            if rank is not None:
                number(row, 7, rank)
            number(row, 8, size)
            text(row, 9, labels[grade])
            text(row, 10, codes[grade, effect, kind])
            text(row, 11, yes if bottom else no)
            text(row, 12, yes if vetoed else no)
            text(row, 13, yes if tie else no)
            if progress is not None and row % CHUNK_SIZE == 0:
                progress(row)
        sheet.autofilter(0, 0, max(row, 1), len(header) - 1)
        print_ready(workbook, sheet, **_print_layout(run, sheet_name, header, groups, group_id))
    finally:
        workbook.close()
    return row


def _print_layout(run: ResultRun, what: str, header: list[str], groups: dict[int, str], group_id) -> dict:
    """The table printed as the committee's paper (common.printing): titled with the organization, year and
    version, dated by the run's finish, the group column as wide as its longest name."""
    if group_id is not None and group_id in groups:
        what = f"{what}-{groups[group_id]}"
    widths = fit_widths(header, [("", name) for name in groups.values()], at_least=COLUMN_WIDTHS)
    made_on = timezone.localtime(run.finished_at) if run.finished_at else None
    title = PrintTitle(
        what=what, organization=run.organization.name, year=run.year, version=run.version, made_on=made_on
    )
    return {"title": title, "widths": widths}


def version_time(run: ResultRun) -> datetime.datetime:
    """When the version was computed, in UTC (what a workbook's core properties hold)."""
    return (run.finished_at or run.created_at).astimezone(datetime.UTC)


def _special_text(sheet, row: int, column: int, value: str, as_text) -> None:
    if value.startswith(FORMULA_PREFIXES):
        sheet.write_string(row, column, value, as_text)
    elif value.endswith("</r>"):
        # xlsxwriter's constant-memory mode copies a string shaped like its own rich-text markup into the XML
        # unescaped (a broken or forged cell); written as plain runs it is escaped like any other text and reads
        # the same.
        sheet.write_rich_string(row, column, value[:1], value[1:2], value[2:])
    else:
        sheet.write_string(row, column, value)


# ---------------------------------------------------------------------------------------------------------------
# Audit


@transaction.atomic
def results_export_record(*, actor, run: ResultRun, group: AssessmentGroup | None, file_format: str) -> None:
    """An export of the ranking table is a disclosure of personnel data: who took which rows, and when."""
    audit_log_record(
        actor=actor,
        action="assessments.results.export",
        subject=run,
        after={"format": file_format, "group_id": group.pk if group else None, "year": run.year},
    )
