"""The step-down cases through /api/demotion/: scoped lists, the actions, errors field by field."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from demotion.models import StepDownCase
from demotion.services.cases import stepdown_case_apply, stepdown_cases_open
from org.models import Appointment
from tests.factories import OrganizationFactory, PostFactory, UnitFactory

TODAY = timezone.localdate()


@pytest.fixture
def case(published, world) -> StepDownCase:
    stepdown_cases_open(publication_id=published.publication.pk)
    return StepDownCase.objects.get(cadre=world.cadre)


def client(world, persona) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[persona])
    return c


def action(case, name) -> str:
    return f"/api/demotion/cases/{case.pk}/{name}/"


def state(case) -> str:
    return StepDownCase.objects.get(pk=case.pk).state


def test_lists_are_scoped_and_filtered(case, world, django_assert_max_num_queries):
    names = {r["cadre_name"] for r in client(world, "committee").get("/api/demotion/cases/").json()["results"]}
    assert names == {"张三", "李四"}
    hr = client(world, "hr").get("/api/demotion/cases/?year=2024&state=notified").json()["results"]
    assert [r["cadre_name"] for r in hr] == ["张三"]
    assert hr[0]["deadline"] == case.deadline.isoformat() and hr[0]["state_label"] == "待提交申请"
    assert hr[0]["post"] == str(world.post_a) and hr[0]["rank_grade"] == "一级主任科员"
    assert client(world, "hr").get("/api/demotion/cases/?state=applied").json()["results"] == []
    mine = client(world, "cadre").get("/api/demotion/cases/mine/").json()
    assert [r["cadre_name"] for r in mine] == ["张三"]
    assert client(world, "cadre").get("/api/demotion/cases/").json()["count"] == 1
    assert client(world, "hr_other").get(f"/api/demotion/cases/{case.pk}/").status_code == 404
    with django_assert_max_num_queries(8):
        client(world, "committee").get("/api/demotion/cases/")


def test_the_cadre_applies_and_errors_come_field_by_field(case, world):
    cadre = client(world, "cadre")
    response = cadre.post(action(case, "apply"), {"text": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"text": ["请填写申请书内容。"]}
    assert state(case) == "notified"
    response = cadre.post(action(case, "apply"), {"text": "本人主动辞去现任中层职务。"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "applied"
    again = cadre.post(action(case, "apply"), {"text": "再来"}, format="json")
    assert again.status_code == 400
    assert again.json()["message"] == "该事项当前状态为“已提交申请”,不能再提交申请。"


def test_hr_records_a_paper_application(case, world):
    hr = client(world, "hr")
    bad = hr.post(action(case, "apply"), {"paper": True, "applied_on": "2020-01-01"}, format="json")
    assert bad.status_code == 400 and "applied_on" in bad.json()["errors"]
    ok = hr.post(action(case, "apply"), {"paper": True, "applied_on": TODAY.isoformat()}, format="json")
    assert ok.status_code == 200 and ok.json()["paper_application"] is True
    # HR may not apply online for the cadre
    other = StepDownCase.objects.get(cadre=world.other_cadre)
    refused = client(world, "hr_other").post(action(other, "apply"), {"text": "代交"}, format="json")
    assert refused.status_code == 400 and refused.json()["message"] == "只有本人可以在线提交主动让贤申请。"


def test_the_committee_approves_and_hr_executes(case, world):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    committee = client(world, "committee")
    foreign = PostFactory(unit=UnitFactory(organization=OrganizationFactory(code="far")), name="科长")
    bad = committee.post(action(case, "approve"), {"new_post": foreign.pk}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"step_down_on", "new_post"}
    assert bad.json()["errors"]["new_post"] == ["请选择本机构的职务。"]
    early = committee.post(action(case, "approve"), {"step_down_on": "2023-01-01"}, format="json")
    assert early.status_code == 400 and "step_down_on" in early.json()["errors"]
    assert state(case) == "applied"
    ok = committee.post(
        action(case, "approve"), {"step_down_on": TODAY.isoformat(), "new_assignment": "综合文字工作"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    assert Appointment.objects.get(pk=case.appointment_id).end_reason == "step_down"
    assert client(world, "hr").post(action(case, "approve"), {}, format="json").status_code == 403

    hr = client(world, "hr")
    late = hr.post(
        action(case, "execute"), {"executed_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, format="json"
    )
    assert late.status_code == 400 and late.json()["errors"] == {"executed_on": ["到岗日期不能晚于今天。"]}
    assert client(world, "hr_other").post(action(case, "execute"), {}, format="json").status_code == 404
    done = hr.post(action(case, "execute"), {"executed_on": TODAY.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "executed"
    assert done.json()["new_assignment"] == "综合文字工作"


def test_the_committee_rejects_with_a_reason(case, world):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    committee = client(world, "committee")
    bad = committee.post(action(case, "reject"), {"reason": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"] == {"reason": ["请填写不予准予的理由。"]}
    ok = committee.post(action(case, "reject"), {"reason": "不予准予"}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "rejected"


def test_a_stale_decision_is_a_conflict(case, world):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    committee = client(world, "committee")
    assert committee.post(action(case, "reject"), {"reason": "不予准予"}, format="json").status_code == 200
    again = committee.post(action(case, "approve"), {"step_down_on": TODAY.isoformat()}, format="json")
    assert again.status_code == 400 and "党组不予准予" in again.json()["message"]
