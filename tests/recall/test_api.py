"""The recall API: scoped lists, a whole case driven through its actions, errors field by field, and a refused step
that changes nothing."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from common.workdays import add_months
from recall.models import Card, RecallCase
from tests.recall.conftest import advance, approved_card, category, fresh, make_case

D = datetime.date


def client(world, persona) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[persona])
    return c


def act(world, persona, case, name, body=None):
    return client(world, persona).post(f"/api/recall/cases/{case.pk}/{name}/", body or {}, format="json")


def test_lists_are_scoped_and_pinned(recall_world, django_assert_max_num_queries):
    w = recall_world
    mine, theirs = make_case(w), make_case(w, w.other_cadre)
    names = {r["cadre_name"] for r in client(w, "committee").get("/api/recall/cases/").json()["results"]}
    assert names == {"张三", "李四"}
    assert [r["cadre_name"] for r in client(w, "hr").get("/api/recall/cases/").json()["results"]] == ["张三"]
    assert [r["id"] for r in client(w, "cadre").get("/api/recall/cases/mine/").json()] == [mine.pk]
    assert client(w, "hr").get(f"/api/recall/cases/{theirs.pk}/").status_code == 404
    assert client(w, "other_cadre").get(f"/api/recall/cases/{mine.pk}/").status_code == 404
    for cadre in [make_case(w, c) for c in _more_cadres(w, 5)]:
        assert cadre.state == "proposed"
    with django_assert_max_num_queries(10):
        response = client(w, "committee").get("/api/recall/cases/")
    assert response.json()["count"] == 7


def _more_cadres(w, n):
    from tests.factories import CadreFactory

    return [CadreFactory(organization=w.org, unit=w.unit_a1, employee_no=f"M{i:03d}") for i in range(n)]


def test_a_case_through_the_api_and_the_pay_it_withholds(recall_world):
    w = recall_world
    body = {
        "batch": w.batch.pk, "cadre": w.cadre.pk, "category": category("inaction").pk, "basis_date": "2025-01-10",
        "basis": "日常监督发现不担当不作为", "evidence_sources": ["supervision"],
    }  # fmt: skip
    response = client(w, "hr").post("/api/recall/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    case = RecallCase.objects.get(pk=response.json()["id"])
    assert act(w, "hr", case, "decide", {"recall": True}).status_code == 403
    response = act(w, "committee", case, "decide", {"recall": True, "reason": "予以召回"})
    assert response.json()["state"] == "ordered" and response.json()["order_no"].startswith("召〔")
    RecallCase.objects.filter(pk=case.pk).update(ordered_on=D(2025, 3, 1))
    for kind, day in (("talk", "2025-03-05"), ("party_education", "2025-03-08")):
        assert act(w, "hr", case, "training", {"kind": kind, "held_on": day, "content": "内容"}).status_code == 200
    response = act(w, "hr", case, "retraining", {"start": "2025-03-15", "placement": "一线执法岗位"})
    assert response.json()["retraining_end"] == "2025-06-15" and response.json()["holds"] is True
    assert act(w, "hr", case, "start-evaluation").json()["state"] == "evaluating"
    evaluation = {"home_opinion": "一般", "home_passed": False, "org_opinion": "不合格", "org_passed": False,
                  "evaluated_on": "2025-06-16"}  # fmt: skip
    assert act(w, "hr", case, "evaluate", evaluation).json()["passed"] is False
    response = act(w, "hr", case, "reassign", {"reassigned_on": "2025-06-16", "reassignment": "档案岗位"})
    assert (response.json()["state"], response.json()["follow_up_end"]) == ("reassigned", "2026-06-16")

    pay = client(w, "hr").get("/api/recall/pay/?from=2025-04&to=2025-07").json()
    assert [(r["month"], r["withheld_percent"]) for r in pay] == [
        ("2025-04", "30.00"), ("2025-05", "30.00"), ("2025-06", "65.00"), ("2025-07", "100.00"),
    ]  # fmt: skip
    assert client(w, "hr_other").get("/api/recall/pay/?from=2025-04&to=2025-07").json() == []


def test_errors_come_field_by_field_and_a_refused_step_changes_nothing(recall_world):
    w = recall_world
    case = advance(w, make_case(w), "evaluating")
    response = act(w, "hr", case, "evaluate", {"home_opinion": "", "org_passed": "x"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["home_opinion"] == ["请填写原单位鉴定意见。"] and {
        "org_opinion",
        "org_passed",
        "evaluated_on",
    } <= set(errors)
    before = RecallCase.objects.filter(pk=case.pk).values().get()
    response = act(w, "hr", case, "return", {"returned_on": "2025-06-20"})
    assert response.status_code == 400 and "尚未登记鉴定评价" in response.json()["message"]
    assert RecallCase.objects.filter(pk=case.pk).values().get() == before
    response = act(w, "hr", case, "conclude", {"conclusion": "x", "concluded_on": "2026-06-16"})
    assert response.status_code == 400 and "鉴定评价" in response.json()["message"]
    assert fresh(case).state == "evaluating"
    response = client(w, "hr").get("/api/recall/pay/?from=2025-13")
    assert response.status_code == 400 and "from" in response.json()["errors"]


def test_cards_through_the_api(recall_world, settings, tmp_path):
    w = recall_world
    settings.MEDIA_ROOT = tmp_path
    evidence = SimpleUploadedFile("积分通报.pdf", b"%PDF-1.4 evidence")
    issued = timezone.localdate() - datetime.timedelta(days=30)
    response = client(w, "hr").post(
        "/api/recall/cards/",
        {
            "cadre": w.cadre.pk,
            "color": "yellow",
            "issued_on": issued.isoformat(),
            "reason": "扣分",
            "evidence_file": evidence,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    card = Card.objects.get(pk=response.json()["id"])
    assert response.json()["has_evidence_file"] is True and card.evidence_file.name.endswith(".pdf")
    assert client(w, "hr").post(f"/api/recall/cards/{card.pk}/approve/", {}, format="json").status_code == 403
    assert client(w, "committee").post(f"/api/recall/cards/{card.pk}/approve/", {}).json()["state"] == "approved"
    warnings = client(w, "hr").get("/api/recall/cards/warnings/").json()
    assert [(x["card"]["id"], x["until"]) for x in warnings] == [(card.pk, add_months(issued, 12).isoformat())]
    approved_card(w, issued_on=timezone.localdate())
    assert client(w, "hr").get("/api/recall/cards/warnings/").json() == []
    assert [c["color"] for c in client(w, "cadre").get("/api/recall/cards/mine/").json()].count("red") == 1
    response = client(w, "hr_other").post(
        "/api/recall/cards/", {"cadre": w.cadre.pk, "color": "yellow", "issued_on": "2025-03-05", "reason": "扣分"}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["cadre"]
