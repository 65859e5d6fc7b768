"""The tolerance API: the cases in one's scope, a request, the committee's decision, the correction's steps and the
disclosure; errors field by field. Refused calls change nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import ApprovalStatus, PointEntry
from tests.assessments.conftest import make_scoring
from tests.assessments.test_appeals_services import deduction, veto
from tests.demotion.test_tolerance_pages import snapshot
from tests.demotion.test_tolerance_services import decide, request

JUNE = datetime.date(2025, 6, 1)
BASE = "/api/demotion/tolerance/"


@pytest.fixture
def api(world):
    make_scoring(world)

    def client(persona):
        c = APIClient()
        c.force_authenticate(world.users[persona])
        return c

    return client


def test_hr_requests_for_a_cadre_in_scope(world, api):
    entry = deduction(world, occurred_on=JUNE)
    response = api("hr").post(
        BASE,
        {"cadre": world.cadre.pk, "target": "deduction", "entry": entry.pk, "event": "事件", "reason": "理由"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "requested" and data["cadre_name"] == "张三" and data["point_entry"] == entry.pk
    assert data["entry_label"].startswith("2025年 扣分") and data["correction"] is None


def test_a_cadre_requests_for_himself_without_naming_himself(world, api):
    entry = veto(world, occurred_on=JUNE)
    response = api("cadre").post(
        BASE, {"target": "veto", "entry": entry.pk, "event": "事件", "reason": "理由"}, format="json"
    )
    assert response.status_code == 201 and response.json()["veto_entry"] == entry.pk


def test_errors_field_by_field(world, api):
    entry = deduction(world, occurred_on=JUNE)
    before = snapshot()
    response = api("hr").post(
        BASE, {"cadre": world.cadre.pk, "target": "deduction", "entry": entry.pk, "event": "", "reason": " "}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"event": ["请填写事件经过。"], "reason": ["请填写申请理由。"]}
    response = api("hr").post(
        BASE, {"cadre": world.cadre.pk, "target": "veto", "entry": entry.pk, "event": "事", "reason": "理"}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["entry"]
    response = api("hr").post(
        BASE, {"cadre": world.other_cadre.pk, "target": "deduction", "entry": entry.pk, "event": "事", "reason": "理"}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["cadre"]
    assert snapshot() == before


def test_the_list_is_scoped_and_filtered_and_its_query_count_fixed(world, api):
    mine = request(world, deduction(world, occurred_on=JUNE))
    theirs = request(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="hr_other")
    decide(world, theirs)
    assert [c["id"] for c in api("hr").get(BASE).json()["results"]] == [mine.pk]
    assert [c["id"] for c in api("other_cadre").get(BASE).json()["results"]] == [theirs.pk]
    assert [c["id"] for c in api("committee").get(BASE, {"state": "approved"}).json()["results"]] == [theirs.pk]
    client = api("committee")
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    for day in (2, 3):
        decide(world, request(world, deduction(world, code="task_missed", occurred_on=datetime.date(2025, 6, day))))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(BASE).json()["results"]) == 4
    assert len(many) == len(few)


def test_the_committee_decides_on_the_three_tests(world, api):
    case = request(world, deduction(world, occurred_on=JUNE))
    url = f"{BASE}{case.pk}/decide/"
    before = snapshot()
    response = api("committee").post(
        url,
        {"approve": True, "public_interest": False, "diligent": True, "no_private_gain": None, "reason": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "public_interest": ["未认定出于公心,不能予以容错。"],
        "no_private_gain": ["请认定是否不谋私利。"],
        "reason": ["请填写认定意见。"],
    }
    assert snapshot() == before
    assert api("hr").post(url, {"approve": True}, format="json").status_code == 403
    assert snapshot() == before

    response = api("committee").post(
        url,
        {"approve": True, "public_interest": True, "diligent": True, "no_private_gain": True, "reason": "予以免责"},
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "approved" and data["correction"] == {"completed_at": None, "steps": []}
    assert PointEntry.objects.get(pk=case.point_entry_id).status == ApprovalStatus.REVOKED


def test_correction_steps_in_order(world, api):
    case = request(world, deduction(world, occurred_on=JUNE))
    url = f"{BASE}{case.pk}/correction-steps/"
    today = datetime.date.today().isoformat()
    response = api("hr").post(url, {"step": 1, "done_on": today, "note": "启动"}, format="json")
    assert response.status_code == 400 and "尚未予以容错免责" in response.json()["message"]
    decide(world, case)
    before = snapshot()
    response = api("hr").post(url, {"step": 2, "done_on": today, "note": "通知"}, format="json")
    assert response.status_code == 400 and "请先完成“启动纠错”" in response.json()["errors"]["step"][0]
    assert api("hr_other").post(url, {"step": 1, "done_on": today, "note": "启动"}, format="json").status_code == 404
    assert api("cadre").post(url, {"step": 1, "done_on": today, "note": "启动"}, format="json").status_code == 403
    assert snapshot() == before
    response = api("committee").post(url, {"step": 1, "done_on": today, "note": "启动"}, format="json")
    assert response.status_code == 201
    steps = response.json()["correction"]["steps"]
    assert [(s["step"], s["step_label"], s["done_by"]) for s in steps] == [(1, "启动纠错", "committee")]


def test_the_disclosure_shows_object_event_reason_and_date_only(world, api):
    case = decide(world, request(world, deduction(world, occurred_on=JUNE)), reason="予以免责")
    request(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="hr_other")  # not decided
    response = api("other_cadre").get(f"{BASE}disclosure/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": case.pk,
            "organization_name": "测试局",
            "cadre_name": "张三",
            "unit_name": "综合科一组",
            "event": case.event,
            "reason": "予以免责",
            "decided_on": timezone.localdate().isoformat(),
        }
    ]
    assert api("norole").get(f"{BASE}disclosure/").status_code == 403
