"""A cadre's history across years, on the staff's page of the cadre and on the cadre's own page: each published year's
grade, rank in the group, composite and the group's median, points and veto, the measures decided and the cases
opened that year, and the chart of the composite against the median drawn on the server as SVG."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import VetoItem
from assessments.selectors.published import GradeYear
from assessments.services import veto_entry_decide, veto_entry_record
from demotion.models import StepDownCase
from org.models import SanctionRecord
from org.services.records import sanction_record_create
from overview.selectors.history import HistoryYear, history_chart
from tests.assessments.conftest import make_scoring
from tests.assessments.matrix_results_mine import add_members, compute, publish, score_period


@pytest.fixture
def published_year(world):
    """2025 scored and published: 张三 90, 李四 70 and two more members at 80 and 85 (a median of four)."""
    scoring = make_scoring(world)
    extra = add_members(world, scoring, 2)
    values = {world.cadre: 90, world.other_cadre: 70, extra[0]: 80, extra[1]: 85}
    for kind in ["Q1", "H1", "Q2", "Q3", "H2", "Q4", "Y"]:
        score_period(scoring, kind, values)
    run = compute(world.org)
    publication = publish(run)
    return run, publication


def _history_rows(body: str, table_id: str) -> list[str]:
    table = body.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in table.split("<tr>")[2:]]


def test_the_staff_page_of_a_cadre_shows_each_year_with_measures_cases_and_the_chart(world, published_year, as_persona):
    run, publication = published_year
    # given a measure decided in 2024 (no published result that year) and a step-down case of 2025
    sanction_record_create(
        cadre=world.cadre,
        kind=SanctionRecord.Kind.ADMONISHMENT,
        decided_on=datetime.date(2024, 6, 1),
        effective_from=datetime.date(2024, 6, 1),
    )
    case = StepDownCase.objects.create(
        organization=world.org,
        year=2025,
        cadre=world.cadre,
        publication=publication,
        run=run,
        reason=StepDownCase.Reason.BOTTOM,
        published_on=datetime.date(2026, 1, 23),
        deadline=datetime.date(2026, 1, 28),
    )
    # and an approved veto recorded for 2024
    veto = veto_entry_record(
        cadre=world.cadre,
        item=VetoItem.objects.filter(organization=world.org).first(),
        year=2024,
        occurred_on=datetime.date(2024, 5, 6),
        evidence="事故调查报告",
    )
    veto_entry_decide(entry=veto, approve=True, actor=world.users["committee"])
    # when HR opens 张三's page
    body = as_persona("hr").get(reverse("org:cadre_detail", args=[world.cadre.pk])).content.decode()
    # then the history lists 2025 with its grade, rank of four, composite, the median, points and veto, and the case
    rows = _history_rows(body, "history-table")
    assert rows[0].startswith("2025 科长组 ")
    assert "第 1 名 / 4 人" in rows[0]
    assert "90.00 82.50 0.00 0.00 否" in rows[0]
    assert "主动让贤:待提交申请" in rows[0]
    assert reverse("demotion:case_detail", args=[case.pk]) in body
    # and 2024 with the veto and the measure only
    assert rows[1] == f"2024 无已公布的考核结果 {veto.item.name}(2024-05-06) 组织处理:诫勉(2024-06-01) —"
    # and the chart is an SVG drawn from the stylesheet's classes: 张三's composite and the group's median
    svg = body.split('<svg class="history-chart"', 1)[1].split("</svg>", 1)[0]
    assert 'class="chart-line chart-line-mine"' in svg and 'class="chart-line chart-line-median"' in svg
    assert "综合得分 90.00" in svg and "组内中位数 82.50" in svg
    assert "style=" not in svg and "<script" not in svg


def test_the_cadre_sees_their_own_history_without_links_to_staff_pages(world, published_year, as_persona):
    body = as_persona("cadre").get(reverse("me")).content.decode()
    rows = _history_rows(body, "my-history-table")
    assert rows[0].startswith("2025 科长组 ")
    assert 'id="my-history-chart"' in body
    assert reverse("assessments:my_results") in body
    # another cadre's page shows their own year, never 张三's
    other = as_persona("other_cadre").get(reverse("me")).content.decode()
    assert "第 4 名 / 4 人" in _history_rows(other, "my-history-table")[0]
    assert "90.00" not in other


def test_a_cadre_without_history_has_no_section(world, as_persona):
    assert (
        'id="section-history"'
        not in as_persona("hr").get(reverse("org:cadre_detail", args=[world.cadre.pk])).content.decode()
    )
    assert 'id="panel-my-history"' not in as_persona("cadre").get(reverse("me")).content.decode()


def _grade(year, composite, median):
    return GradeYear(
        year=year,
        run_id=1,
        version=1,
        group_id=1,
        group_name="科长组",
        grade="2",
        grade_label="称职",
        composite=None if composite is None else Decimal(composite),
        rank=1,
        group_size=5,
        in_bottom=False,
        vetoed=False,
        group_median=None if median is None else Decimal(median),
    )


def test_the_chart_places_the_years_left_to_right_and_higher_scores_higher():
    history = [
        HistoryYear(2025, _grade(2025, "90", "85")),
        HistoryYear(2024, None),  # a year without a result draws nothing
        HistoryYear(2023, _grade(2023, "80", None)),  # a median withheld (under 3 members)
    ]
    chart = history_chart(history)
    assert [year for _, year in chart.years] == [2023, 2025]
    assert [p.value for p in chart.mine] == [Decimal("80"), Decimal("90")]
    assert [p.value for p in chart.median] == [Decimal("85")]
    (x23, y80), (x25, y90) = [(p.x, p.y) for p in chart.mine]
    assert x23 < x25 and y90 < y80  # SVG's y grows downwards
    assert chart.median[0].x == x25 and y90 < chart.median[0].y < y80
    assert history_chart([HistoryYear(2024, None)]) is None
