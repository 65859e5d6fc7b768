"""The results' files: the results list (CSV, XLSX: the same bytes for the same data, no formulas) and the scores in
the score-import shape, which the assessments' score import takes as a scheme component when the organization keeps
a rater record for the evaluation body."""

import csv
import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from assessments.imports import import_preview
from assessments.models import Period, Scheme
from assessments.services import period_open, rater_assign_bulk, scheme_create
from ballots.exports import SCORE_HEADER
from ballots.services.evaluations import evaluation_close
from common.models import AuditLog
from org.roster import WHOLE_ORGANIZATION
from tests.ballots.conftest import cast, closed_evaluation, issue, make_evaluation
from tests.factories import CadreFactory, UserFactory


def _csv(response) -> list[list[str]]:
    body = response.getvalue()  # a streamed response gives its bytes once
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_results_list_in_csv(world, as_persona):
    made = closed_evaluation(world)
    response = as_persona("hr").get(reverse("ballots:results_export", args=[made.evaluation.pk]) + "?format=csv")
    rows = _csv(response)
    assert rows[0] == ["排名", "工号", "测评对象", "单位", "班子成员(30%)", "中层干部(30%)", "职工代表(40%)", "综合得分",
                       "各类别均计入", "总体评价:优秀", "总体评价:称职", "总体评价:基本称职", "总体评价:不称职"]  # fmt: skip
    withheld = "有效票不足,不予显示"
    assert rows[1] == [
        "1",
        "A001",
        "张三",
        "综合科一组",
        withheld,
        "93.33",
        withheld,
        "93.33",
        "否",
        "2",
        "1",
        "0",
        "0",
    ]
    assert rows[2][:4] == ["2", "A002", "王五", "综合科"]
    row = AuditLog.objects.get(action="ballots.results.export")
    assert row.after == {"what": "results", "format": "csv", "rows": 2} and row.actor == world.users["hr"]


def test_the_same_results_give_the_same_xlsx_bytes(world, as_persona):
    made = closed_evaluation(world)
    url = reverse("ballots:results_export", args=[made.evaluation.pk]) + "?format=xlsx"
    first, second = as_persona("hr").get(url).content, as_persona("committee").get(url).content
    assert first == second
    sheet = load_workbook(io.BytesIO(first)).active
    assert [c.value for c in sheet[2]][:4] == [1, "A001", "张三", "综合科一组"]


def test_a_title_that_looks_like_a_formula_stays_text(world, as_persona):
    made = make_evaluation(world, title="=HYPERLINK(1)", min_ballots=1)
    codes = issue(made, world, size=1)
    cast(made, codes[0], {"张三": "competent", "王五": "competent"})
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    rows = _csv(as_persona("hr").get(reverse("ballots:score_export", args=[made.evaluation.pk]) + "?format=csv"))
    assert rows[1][6].startswith("民主测评“=HYPERLINK(1)”")  # inside the note, not at the start of a cell


def test_the_scores_in_the_score_import_shape_are_imported_as_a_component(world, as_persona):
    made = closed_evaluation(world)
    # given a scheme with a 民主测评 component, its yearly period open, and the organization's rater record for the
    # evaluation body assigned to rate each cadre on it
    scheme = scheme_create(
        organization=world.org,
        year=2025,
        template=Scheme.Template.CUSTOM,
        effective_date=datetime.date(2025, 1, 1),
        components=[
            {
                "code": "minyi",
                "name": "民主测评",
                "weight": Decimal("100"),
                "frequency": "yearly",
                "aggregation": "mean",
            }
        ],  # fmt: skip
    )
    period_open(period=scheme.periods.get(kind=Period.Kind.YEAR))
    # (a rater must have a log-in: the score import's rule, kept)
    body = CadreFactory(organization=world.org, unit=world.root, name="民主测评组", employee_no="MZCP",
                        user=UserFactory(username="mzcp"))  # fmt: skip
    rater_assign_bulk(scheme=scheme, components=list(scheme.components.all()), raters=[body],
                      ratees=[s.cadre for s in made.subjects.values()])  # fmt: skip
    # when HR downloads the scores naming that record
    url = (
        reverse("ballots:score_export", args=[made.evaluation.pk])
        + "?format=csv&component=民主测评&period=全年&rater=MZCP"
    )
    body = as_persona("hr").get(url).getvalue()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == SCORE_HEADER
    assert rows[1][:6] == ["2025", "全年", "民主测评", "MZCP", "A001", "93.33"]
    assert rows[2][:6] == ["2025", "全年", "民主测评", "MZCP", "A002", "73.33"]
    assert "部分类别有效票不足未计入" in rows[1][6]
    # then the score import takes the file as it is
    plan = import_preview(
        kind="scores",
        organization=world.org,
        year=2025,
        content=body,
        file_name="民主测评.csv",
        scope=WHOLE_ORGANIZATION,
    )
    assert not plan.issues, [str(i) for i in plan.issues]
    assert sorted((op.ratee.employee_no, op.value) for op in plan.ops) == [
        ("A001", Decimal("93.33")),
        ("A002", Decimal("73.33")),
    ]


def test_without_a_rater_record_the_import_says_why_row_by_row(world, as_persona):
    made = closed_evaluation(world)
    response = as_persona("hr").get(reverse("ballots:score_export", args=[made.evaluation.pk]) + "?format=csv")
    assert {row[3] for row in _csv(response)[1:]} == {""}
