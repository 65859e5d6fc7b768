"""A closed evaluation's results as files: the results list (CSV with a byte-order mark, XLSX), and the scores in
the shape of the assessments' score import (`年度, 期间, 考核项目, 评分人工号, 被评人工号, 分数, 备注`), so that HR can
import the 民意测评 score as a scheme component. Every download is audited; no cell becomes a formula
(common.exports). Ballots are never exported one by one: only counts, means and scores.

The score import needs a rater (评分人工号) who has a log-in and is assigned to each ratee on the component; an
anonymous vote has none. The file names one cadre record the organization keeps for the evaluation body (e.g.
民主测评组, with an account that need never sign in), which HR assigns as the rater of the component; with no such
record the column stays empty and the import refuses the rows, saying why.
"""

import datetime

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ballots import scales
from ballots.result_sheet import WITHHELD, subject_label
from ballots.selectors.results import ResultSheet
from common.audit import audit_log_record
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_response
from common.printing import PrintTitle

FORMATS = ("csv", "xlsx")
SCORE_HEADER = ["年度", "期间", "考核项目", "评分人工号", "被评人工号", "分数", "备注"]


def results_header(sheet: ResultSheet) -> list[str]:
    header = [_("排名"), _("工号"), _("测评对象"), _("单位")]
    header += [f"{c.category.name}({c.category.weight.normalize():f}%)" for c in sheet.columns]
    header += [_("综合得分"), _("各类别均计入")]
    for item in sheet.graded_items:
        header += [f"{item.text}:{label}" for label in _labels(item)]
    return header


def _labels(item) -> list[str]:
    return [str(label) for _code, label in scales.options_of(item.scale)]


def results_rows(sheet: ResultSheet):
    for row in sheet.rows:
        number, name, unit = subject_label(row.subject)
        cells = [row.result.rank, number, name, unit]
        cells += [f"{m:.2f}" if m is not None else WITHHELD for m in row.means]
        cells += [f"{row.result.score:.2f}" if row.result.score is not None else WITHHELD]
        cells += [_("是") if row.result.complete else _("否")]
        for counts in row.distribution:
            cells += [n for _label, n in counts]
        yield cells


def score_rows(sheet: ResultSheet, *, period: str, component: str, rater_no: str):
    """One row per evaluated cadre with a score (teams have no 工号 and are left out)."""
    digest = sheet.tally.results_digest[:12]
    for row in sheet.rows:
        subject = row.subject
        if not subject.cadre_id or row.result.score is None:
            continue
        note = f"民主测评“{sheet.evaluation.title}”,结果摘要{digest}"
        if not row.result.complete:
            note += ",部分类别有效票不足未计入"
        yield [sheet.evaluation.year, period, component, rater_no, subject.cadre.employee_no,
               f"{row.result.score:.2f}", note[:200]]  # fmt: skip


def _stamp(sheet: ResultSheet) -> datetime.datetime:
    # The file's creation time is the seal's, so the same results give the same bytes.
    return timezone.localtime(sheet.tally.sealed_at).replace(tzinfo=None)


def _xlsx(sheet: ResultSheet, name: str, header: list[str], rows) -> bytes:
    evaluation = sheet.evaluation
    title = PrintTitle(
        what=f"{evaluation.title} {name}",
        organization=evaluation.organization.name,
        year=evaluation.year,
        made_on=_stamp(sheet),
    )
    with XlsxInMemory() as book:
        book.workbook.set_properties({"created": _stamp(sheet)})
        target = book.sheet(name, header=header, widths=[12] * len(header))
        for r, cells in enumerate(rows, start=1):
            book.write_row(target, r, cells)
        book.print_ready(target, title)
    return book.getvalue()


def _response(sheet: ResultSheet, *, what: str, file_format: str, header: list[str], rows) -> HttpResponse:
    name = f"{sheet.evaluation.title}-{what}.{file_format}"
    if file_format == "csv":
        return csv_response(name, header, rows)
    response = HttpResponse(_xlsx(sheet, what[:31], header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def results_response(sheet: ResultSheet, *, file_format: str) -> HttpResponse:
    return _response(
        sheet, what="测评结果", file_format=file_format, header=results_header(sheet), rows=list(results_rows(sheet))
    )


def score_response(sheet: ResultSheet, *, file_format: str, period: str, component: str, rater_no: str):
    rows = list(score_rows(sheet, period=period, component=component, rater_no=rater_no))
    return _response(sheet, what="评分导入", file_format=file_format, header=SCORE_HEADER, rows=rows)


@transaction.atomic
def results_export_record(*, actor, sheet: ResultSheet, what: str, file_format: str) -> None:
    """Who took which results file of which evaluation, and when."""
    audit_log_record(
        actor=actor,
        action="ballots.results.export",
        subject=sheet.evaluation,
        after={"what": what, "format": file_format, "rows": len(sheet.rows)},
    )
