"""Moved-away cadres (人走茶凉): a cadre transferred out in June whose scores drop after the move is marked; one
whose scores fall no more than everyone else's is not."""

import datetime
from decimal import Decimal

from django.urls import reverse

from assessments.models import Component, Period, Scheme, Score
from org.models import Appointment
from org.services import appointment_end
from tests.conftest import client_for
from tests.factories import CadreFactory, PostFactory

YEAR = 2025
QUARTERS = [
    (Period.Kind.Q1, (1, 1), (3, 31)),
    (Period.Kind.Q2, (4, 1), (6, 30)),
    (Period.Kind.Q3, (7, 1), (9, 30)),
    (Period.Kind.Q4, (10, 1), (12, 31)),
]


def _year(world, levels: dict):
    """Quarterly scores from two raters: `levels` {cadre: [Q1, Q2, Q3, Q4]}."""
    scheme = Scheme.objects.create(
        organization=world.org, year=YEAR, name="方案", effective_date=datetime.date(YEAR, 1, 1)
    )
    component = Component.objects.create(
        scheme=scheme, code="q", name="季度述职评议", weight=Decimal("100"), frequency=Component.Frequency.QUARTERLY
    )
    periods = [
        Period.objects.create(
            scheme=scheme, kind=kind, start_date=datetime.date(YEAR, *start), end_date=datetime.date(YEAR, *end)
        )
        for kind, start, end in QUARTERS
    ]
    raters = [CadreFactory(unit=world.root, employee_no=f"R{i}") for i in range(2)]
    Score.objects.bulk_create(
        Score(
            scheme=scheme,
            component=component,
            period=period,
            rater=rater,
            ratee=cadre,
            value=Decimal(value) + offset,
            min_score=0,
            max_score=100,
        )
        for cadre, values in levels.items()
        for period, value in zip(periods, values, strict=True)
        for rater, offset in zip(raters, (Decimal("-0.5"), Decimal("0.5")), strict=True)
    )


def _move(cadre, post, on: datetime.date):
    appointment = Appointment.objects.create(cadre=cadre, post=post, start_date=datetime.date(2020, 1, 1))
    appointment_end(appointment=appointment, end_date=on, end_reason=Appointment.EndReason.EXCHANGE, reason="交流")


def test_a_drop_after_the_move_beyond_everyone_elses_is_marked(world):
    moved = CadreFactory(unit=world.unit_b, name="调走者", employee_no="B900")
    steady = CadreFactory(unit=world.unit_b, name="平移者", employee_no="B901")
    stayers = [CadreFactory(unit=world.unit_b, employee_no=f"B91{i}") for i in range(3)]
    # everyone's scores fall by one point in the second half; the moved cadre's by seven
    levels = {c: [85, 85, 84, 84] for c in stayers}
    levels[moved] = [88, 88, 81, 81]
    levels[steady] = [80, 80, 79, 79]
    _year(world, levels)
    post = PostFactory(unit=world.unit_b, name="副所长")
    _move(moved, post, datetime.date(YEAR, 7, 15))
    _move(steady, PostFactory(unit=world.unit_b, name="所长助理"), datetime.date(YEAR, 7, 15))

    response = client_for(world, "hr_other").get(reverse("analytics:moved"))
    assert response.status_code == 200
    rows = {r.cadre.name: r for r in response.context["report"].rows}
    assert set(rows) == {"调走者", "平移者"}  # those who stayed are not listed
    row = rows["调走者"]
    assert (row.before, row.after, row.change) == (88, 81, -7)
    # everyone else (the stayers and the other mover are not both in: movers are left out of the comparison)
    assert row.others_change == -1 and row.relative == -6 and row.flagged
    assert [p.after for p in row.periods] == [False, False, True, True]
    assert "人走茶凉" in row.note
    assert not rows["平移者"].flagged and rows["平移者"].relative == 0
    assert "调走者" in response.content.decode()
    # HR of the other side sees nobody
    assert client_for(world, "hr").get(reverse("analytics:moved")).context["report"].rows == []


def test_the_endpoint_and_download_carry_the_same_rows(world):
    moved = CadreFactory(unit=world.unit_b, name="调走者", employee_no="B900")
    stayer = CadreFactory(unit=world.unit_b, employee_no="B910")
    _year(world, {moved: [88, 88, 81, 81], stayer: [85, 85, 85, 85]})
    _move(moved, PostFactory(unit=world.unit_b, name="副所长"), datetime.date(YEAR, 7, 15))
    client = client_for(world, "admin")
    data = client.get(reverse("analytics_api:moved-list")).json()
    assert [(r["name"], r["flagged"], r["relative"]) for r in data["rows"]] == [("调走者", True, -7.0)]
    csv = b"".join(client.get(reverse("analytics:moved_export")).streaming_content).decode("utf-8-sig")
    assert "B900,调走者,2025-07-15,交流" in csv
    xlsx = reverse("analytics:moved_export") + "?format=xlsx"
    assert client.get(xlsx).content == client.get(xlsx).content


def test_a_cadre_who_left_before_any_period_ended_has_nothing_to_compare(world):
    gone = CadreFactory(unit=world.unit_b, name="早走者", employee_no="B950", left_on=datetime.date(YEAR, 2, 1))
    _year(world, {gone: [70, 70, 70, 70]})
    [row] = client_for(world, "admin").get(reverse("analytics:moved")).context["report"].rows
    assert row.before is None and row.how == "离开本机构" and "无可比较" in row.note
