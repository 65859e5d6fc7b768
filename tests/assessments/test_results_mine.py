"""A cadre's own results page: published years only, rank of N, grade and why, flags, the 不称职 review deadline,
the running-score chart against the group median, never a rater."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Appeal, Grade, Period, Result, Scheme
from assessments.selectors import mine
from tests.assessments.matrix_results_mine import ENTRIES, add_members, compute, publish, score_period
from tests.conftest import PERSONAS, client_for

Q = Period.Kind


def _url():
    return reverse("assessments:my_results")


def _score_year(scoring, world, values):
    """Every period of the year scored and closed: {cadre: score}."""
    for kind in [Q.Q1, Q.H1, Q.Q2, Q.Q3, Q.H2, Q.Q4, Q.YEAR]:
        score_period(scoring, kind, values)


def _history(body: str) -> str:
    start = body.index('id="results-history"')
    return body[start : body.index("</table>", start)]


def test_an_unpublished_year_shows_nothing_but_not_published(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    compute(world.org)  # computed, not published

    response = as_persona("cadre").get(_url())

    assert response.status_code == 200
    [year] = response.context["years"]
    assert year.year == 2025 and not year.published and year.result is None
    history = _history(response.content.decode())
    assert "尚未公布" in history
    for hidden in ["80.00", "第 2 名", "称职", "科长组"]:
        assert hidden not in history
    assert 'id="year-2025"' not in response.content.decode()


def test_a_published_year_shows_components_rank_grade_flags_and_reasons(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    publish(compute(world.org))

    response = as_persona("cadre").get(_url())

    body = response.content.decode()
    [year] = response.context["years"]
    assert year.published and year.result.cadre_id == world.cadre.pk
    assert [(c.name, c.score) for c in year.components] == [
        ("季度述职评议", Decimal("80.00")),
        ("半年工作点评", Decimal("80.00")),
        ("年度主要目标任务", Decimal("80.00")),
        ("现场观摩点评", Decimal("80.00")),
    ]
    assert "第 2 名 / 共 2 人" in body
    assert year.grade == Grade.COMPETENT and year.grade_label == "称职"
    assert 'data-grade="2">称职<' in body
    assert "2026-01-23" in body  # the publication day
    # The other cadre's result never appears.
    assert "李四" not in body and "90.00" not in _history(body)


def test_bottom_set_veto_and_reasons_show(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    run = compute(world.org)
    Result.objects.filter(run=run, cadre=world.cadre).update(in_bottom=True, vetoed=True, grade=Grade.BASIC)
    publish(run)

    body = as_persona("cadre").get(_url()).content.decode()

    assert "一票否决" in body and "后10%" in body
    assert "基本称职" in body
    assert "<li>一票否决</li>" in body  # the reason, from display.result_reasons


def test_institution_scale_names_the_grade_as_the_scheme_does(scoring, world, as_persona):
    Scheme.objects.filter(pk=scoring.scheme.pk).update(grade_scale=Scheme.GradeScale.INSTITUTION)
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    publish(compute(world.org))

    [year] = as_persona("cadre").get(_url()).context["years"]

    assert year.grade_label == "合格"


def test_no_rater_is_ever_named(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    publish(compute(world.org))

    body = as_persona("cadre").get(_url()).content.decode()

    for rater in ["王五", "R001", "pingyi"]:
        assert rater not in body


def test_incompetent_shows_the_statutory_review_deadline_with_holiday_roll_over(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 50, world.other_cadre: 90})
    # Published Monday 1 September 2025: 30 days later is 1 October, National Day (1–8 October), so the period
    # ends on Thursday 9 October (民法典 Art. 203).
    publish(compute(world.org), on=datetime.date(2025, 9, 1))

    response = as_persona("cadre").get(_url())

    [year] = response.context["years"]
    assert year.grade == Grade.INCOMPETENT
    assert year.review.review_deadline == datetime.date(2025, 10, 9)
    assert year.review.appeal_deadline is None
    body = response.content.decode()
    assert "2025年10月9日" in body and "30 日内" in body and "15 日内提出申诉" in body


def test_after_the_review_decision_the_appeal_deadline_is_15_days(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 50, world.other_cadre: 90})
    run = publish(compute(world.org), on=datetime.date(2025, 9, 1)).run
    decided = timezone.make_aware(datetime.datetime(2025, 10, 20, 10, 0))
    Appeal.objects.create(
        cadre=world.cadre,
        year=2025,
        target=Appeal.Target.GRADE,
        result=Result.objects.get(run=run, cadre=world.cadre),
        deadline=datetime.date(2025, 10, 9),
        reason="不服",
        status=Appeal.Status.UPHELD,
        decided_at=decided,
    )

    response = as_persona("cadre").get(_url())

    [year] = response.context["years"]
    assert year.review.appeal_deadline == datetime.date(2025, 11, 4)
    assert "2025年11月4日" in response.content.decode()


def test_a_competent_grade_shows_no_review_channel(scoring, world, as_persona):
    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    publish(compute(world.org))

    response = as_persona("cadre").get(_url())

    assert response.context["years"][0].review is None
    assert "复核与申诉" not in response.content.decode()


def test_history_lists_every_assessed_year_newest_first(scoring, world, as_persona):
    from org.services import group_create, group_member_set

    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    publish(compute(world.org))
    group_member_set(group=group_create(organization=world.org, year=2026, name="科长组"), cadre=world.cadre)

    years = as_persona("cadre").get(_url()).context["years"]

    assert [(y.year, y.published) for y in years] == [(2026, False), (2025, True)]


# --- the running score chart -------------------------------------------------------------------------------------


def test_the_chart_shows_the_running_score_after_each_closed_quarter_against_the_median(scoring, world, as_persona):
    others = add_members(world, scoring, 3)
    values = {world.cadre: 70, world.other_cadre: 90, others[0]: 80, others[1]: 85, others[2]: 60}
    score_period(scoring, Q.Q1, values)
    # Q2 closes with H1: the half-year review (weight 20) joins the quarterly one (weight 30).
    score_period(scoring, Q.H1, {c: v + 10 for c, v in values.items()})
    score_period(scoring, Q.Q2, values)

    response = as_persona("cadre").get(_url())

    series = response.context["series"]
    assert [p.cut.kind for p in series.points] == [Q.Q1, Q.Q2]
    # After Q1: the quarterly review alone; after Q2: (30 × 70 + 20 × 80) / 50 = 74.
    assert [p.mine for p in series.points] == [Decimal("70.00"), Decimal("74.00")]
    # Medians of (60, 70, 80, 85, 90) and of those re-based with H1 (+4 each): 80 and 84.
    assert [p.median for p in series.points] == [Decimal("80.00"), Decimal("84.00")]
    body = response.content.decode()
    data = json.loads(body.split('id="results-mine-chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["labels"] == ["第一季度", "第二季度"]
    assert data["mine"] == [70.0, 74.0] and data["median"] == [80.0, 84.0]
    assert "vendor/chartjs/chart.umd.min.js" in body and "js/results-mine-chart.js" in body


def test_an_open_quarter_counts_for_nothing(scoring, world, as_persona):
    add_members(world, scoring, 1)
    score_period(scoring, Q.Q1, {world.cadre: 70, world.other_cadre: 90}, close=False)

    response = as_persona("cadre").get(_url())

    assert response.context["series"].points == []
    assert "本年度还没有结束的季度" in response.content.decode()
    assert "chart.umd.min.js" not in response.content.decode()


def test_the_median_is_withheld_in_a_group_of_two(scoring, world):
    score_period(scoring, Q.Q1, {world.cadre: 70, world.other_cadre: 90})

    series = mine.current_series(cadre=world.cadre)

    [point] = series.points
    assert point.mine == Decimal("70.00") and point.median is None and point.members == 2


def test_approved_points_count_up_to_the_quarter_end(scoring, world):
    from assessments.models import PointItem
    from assessments.services import point_entry_decide, point_entry_record

    add_members(world, scoring, 1)
    score_period(scoring, Q.Q1, {world.cadre: 70, world.other_cadre: 90})
    bonus = PointItem.objects.get(organization=world.org, code="award_national")  # 1.0 a time, cap 2.0 a year
    for day in [datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)]:
        entry = point_entry_record(
            cadre=world.cadre, item=bonus, year=2025, occurred_on=day, evidence="表彰文件", actor=world.users["hr"]
        )
        point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
    score_period(scoring, Q.Q2, {world.cadre: 70, world.other_cadre: 90})

    points = mine.current_series(cadre=world.cadre).points

    assert [p.mine for p in points] == [Decimal("71.00"), Decimal("72.00")]


# --- access ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_cadres_reach_their_page(world, persona):
    response = client_for(world, persona).get(_url())
    assert response.status_code == ENTRIES["assessments:my_results"][1](persona)


def test_the_page_is_read_in_a_fixed_number_of_queries(scoring, world, as_persona, django_assert_num_queries):
    """Session, user, roles (2), memberships, the chart (scheme, periods, components, running statement), the years
    (the published versions; their results, components and publications come from the cache after the first
    request: selectors.version_cache), the review window (appeals, calendar), the unread notices; no session save
    (written at most once a minute)."""
    client = as_persona("cadre")
    # A 不称职 year: its review window reads the appeals and the calendar too.
    _score_year(scoring, world, {world.cadre: 50, world.other_cadre: 90})
    publish(compute(world.org))
    client.get(_url())  # warm the session and the cache
    with django_assert_num_queries(13) as small:
        client.get(_url())

    add_members(world, scoring, 6)
    with django_assert_num_queries(len(small)):
        response = client.get(_url())
    assert response.status_code == 200


def test_a_settled_tie_shows_the_committees_decision(scoring, world, as_persona):
    from assessments.models import TieDecision

    _score_year(scoring, world, {world.cadre: 80, world.other_cadre: 90})
    run = compute(world.org)
    Result.objects.filter(run=run, cadre=world.cadre).update(boundary_tie=True)
    TieDecision.objects.create(
        run=run, cadre=world.cadre, kind=TieDecision.Kind.BOTTOM, chosen=True, reason="党组会议决定"
    )
    publish(run)

    response = as_persona("cadre").get(_url())

    [year] = response.context["years"]
    assert year.in_bottom
    assert "与他人并列于末位比例边界,党组决定列入后10%" in year.reasons
    assert not any("待党组决定" in reason for reason in year.reasons)
