"""A cadre's own scores: aggregated per component and closed period, approved points and vetoes; never who rated."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Period, PointItem, Scheme, VetoItem
from assessments.services import (
    period_close,
    period_open,
    point_entry_decide,
    point_entry_record,
    rater_assign_bulk,
    scheme_create,
    score_save,
    veto_entry_decide,
    veto_entry_record,
)
from tests.factories import CadreFactory, UserFactory

URL = reverse("assessments:my_scores")


@pytest.fixture
def my_world(scoring, world):
    """张三 rated in Q1 by 王五 (80) and 赵六 (90), Q1 closed; the year period open with 王五's 70 on one component;
    approved, pending and rejected points and vetoes for 张三, and an approved one for 李四."""
    hr, committee = world.users["hr"], world.users["committee"]
    zhao_user = UserFactory(username="zhaoliu")
    zhao = CadreFactory(unit=world.root, organization=world.org, name="赵六", employee_no="R002", user=zhao_user)
    quarterly = scoring.components["quarterly_review"]
    rater_assign_bulk(scheme=scoring.scheme, components=[quarterly], raters=[zhao], ratees=[world.cadre])
    for rater, user, value in ((scoring.rater, scoring.rater_user, "80"), (zhao, zhao_user, "90")):
        score_save(
            period=scoring.q1,
            component=quarterly,
            rater=rater,
            ratee=world.cadre,
            value=value,
            expected_revision=0,
            actor=user,
        )
    period_close(period=scoring.q1, actor=world.users["admin"])
    year = period_open(period=scoring.scheme.periods.get(kind=Period.Kind.YEAR), actor=world.users["admin"])
    score_save(
        period=year,
        component=scoring.components["annual_objectives"],
        rater=scoring.rater,
        ratee=world.cadre,
        value="70",
        expected_revision=0,
        actor=scoring.rater_user,
    )
    items = {i.code: i for i in PointItem.objects.filter(organization=world.org)}
    on = datetime.date(2025, 5, 6)

    def point(cadre, code, decision, note):
        entry = point_entry_record(
            cadre=cadre, item=items[code], year=2025, occurred_on=on, evidence="通报文件", note=note, actor=hr
        )
        if decision is not None:
            point_entry_decide(entry=entry, approve=decision, reason="" if decision else "依据不足", actor=committee)

    point(world.cadre, "award_city", True, "市级表彰")
    point(world.cadre, "circulated_criticism", False, "被驳回的扣分")
    point(world.cadre, "circulated_criticism", True, "被通报批评一次")
    point(world.cadre, "innovation", None, "待审批的加分")
    point(world.other_cadre, "award_national", True, "他人的加分")
    vetoes = {v.code: v for v in VetoItem.objects.filter(organization=world.org)}
    approved = veto_entry_record(
        cadre=world.cadre, item=vetoes["safety_incident"], year=2025, occurred_on=on, evidence="事故调查报告", actor=hr
    )
    veto_entry_decide(entry=approved, approve=True, actor=committee)
    veto_entry_record(cadre=world.cadre, item=vetoes["integrity"], year=2025, occurred_on=on, evidence="线索", actor=hr)
    return world


def test_the_cadre_sees_aggregated_closed_scores_approved_points_and_vetoes(my_world, as_persona):
    response = as_persona("cadre").get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "2025年度" in body
    # Q1 of 季度述职评议: the mean of 80 and 90 over two raters, and the mean so far
    assert "85.00" in body and "2 人评分" in body
    # The open year period shows no value yet (its aggregate would move with each rater's save)
    assert "评分中" in body and "70.00" not in body
    # Approved points with their sign and totals; not the pending or rejected ones, nor another cadre's
    assert "市级表彰" in body and "+0.30" in body
    assert "被通报批评一次" in body and "−0.50" in body
    assert "被驳回的扣分" not in body and "待审批的加分" not in body and "他人的加分" not in body
    # The approved veto only
    assert "发生重大安全责任事故" in body and "违反廉洁纪律" not in body


def test_no_rater_identity_appears(my_world, as_persona):
    body = as_persona("cadre").get(URL).content.decode()
    for secret in ("王五", "R001", "pingyi", "赵六", "R002", "zhaoliu", "80.00", "90.00"):
        assert secret not in body, secret
    # nor anything of the other side of the tree
    for other in ("李四", "B001", "城关所"):
        assert other not in body


def test_another_cadre_sees_only_their_own(my_world, as_persona):
    body = as_persona("other_cadre").get(URL).content.decode()
    assert "他人的加分" in body
    assert "市级表彰" not in body and "发生重大安全责任事故" not in body and "85.00" not in body


def test_the_year_can_be_chosen(my_world, world, as_persona):
    scheme_create(organization=world.org, year=2024, template=Scheme.Template.FIVE_IN_ONE)
    client = as_persona("cadre")
    assert "单位考绩" not in client.get(URL).content.decode()  # newest year first
    body = client.get(URL, {"year": 2024}).content.decode()
    assert "2024年度" in body and "单位考绩" in body and "市级表彰" not in body


def test_without_a_scheme_the_page_says_so(world, as_persona):
    body = as_persona("cadre").get(URL).content.decode()
    assert "尚未制定考核方案" in body


def test_only_cadres_may_open_it(world, as_persona):
    for persona in ("hr", "committee", "rater", "norole"):
        assert as_persona(persona).get(URL).status_code == 403
