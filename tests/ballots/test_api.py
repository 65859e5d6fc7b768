"""The evaluations' endpoints: HR runs an evaluation end to end through the API; errors come field by field; nothing
outside one's units is found; ballots are never served."""

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ballots import codes as code_rules
from ballots.models import BallotCode, Evaluation
from ballots.services.voting import ballot_cast


def _client(world, persona) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[persona])
    return client


def _payload(world, **change) -> dict:
    now = timezone.now()
    data = {
        "unit": world.unit_a.pk,
        "title": "科室负责人民主测评",
        "year": 2025,
        "subject_employee_nos": ["A001"],
        "opens_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "closes_at": (now + datetime.timedelta(days=2)).isoformat(),
        "min_ballots": 1,
        "items": [{"text": "总体评价", "scale": "grade4"}],
        "categories": [{"name": "中层干部", "weight": "40"}, {"name": "职工代表", "weight": "60"}],
    }
    data.update(change)
    return data


def test_hr_runs_an_evaluation_through_the_api(world):
    client = _client(world, "hr")
    created = client.post(reverse("ballots_api:evaluation-list"), _payload(world), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert body["state"] == "draft" and body["vote_url"] is None
    assert [s["employee_no"] for s in body["subjects"]] == ["A001"]
    published = client.post(reverse("ballots_api:evaluation-publish", kwargs={"pk": pk}), format="json").json()
    assert published["state"] == "open" and "/ballots/vote/" in published["vote_url"]
    category = body["categories"][0]["id"]
    # issuing answers with the codes, once
    issued = client.post(
        reverse("ballots_api:evaluation-codes", kwargs={"pk": pk}),
        {"unit": world.unit_a.pk, "category": category, "size": 2},
        format="json",
    )
    assert issued.status_code == 201
    codes = issued.json()["codes"]
    assert len(codes) == 2 and all(code_rules.well_formed(c) for c in codes)
    listed = client.get(reverse("ballots_api:evaluation-codes", kwargs={"pk": pk})).json()
    assert listed[0]["unused"] == 2 and "codes" not in listed[0]
    # a rater votes; the turnout says so
    evaluation = Evaluation.objects.get(pk=pk)
    subject, item = evaluation.subjects.get(), evaluation.items.get()
    ballot_cast(evaluation=evaluation, code=codes[0], answers={subject.pk: {item.pk: "excellent"}})
    turnout = client.get(reverse("ballots_api:evaluation-turnout", kwargs={"pk": pk})).json()
    assert turnout["totals"][str(category)]["used"] == 1 and turnout["total"]["issued"] == 2
    # results are refused before the close
    early = client.get(reverse("ballots_api:evaluation-results", kwargs={"pk": pk}))
    assert early.status_code == 400 and early.json()["message"] == "测评尚未结束,结果尚未生成。"
    # the other code is voided by its serial; then HR may close
    voided = client.post(
        reverse("ballots_api:evaluation-void", kwargs={"pk": pk}),
        {"batch_number": 1, "serial": 2, "reason": "未发出"},
        format="json",
    )
    assert voided.json() == {"batch_number": 1, "serial": 2, "state": "voided"}
    closed = client.post(reverse("ballots_api:evaluation-close", kwargs={"pk": pk}), format="json")
    assert closed.json()["state"] == "closed"
    results = client.get(reverse("ballots_api:evaluation-results", kwargs={"pk": pk})).json()
    assert results["ballot_count"] == 1 and len(results["head"]) == 64
    assert results["subjects"][0]["employee_no"] == "A001" and results["subjects"][0]["score"] == "100.00"
    assert [c["shown"] for c in results["categories"]] == [True, False]


def test_errors_come_field_by_field(world):
    client = _client(world, "hr")
    response = client.post(
        reverse("ballots_api:evaluation-list"),
        _payload(world, categories=[{"name": "中层干部", "weight": "40"}], items=[{"text": "", "scale": "grade4"}]),
        format="json",
    )
    assert response.status_code == 400
    assert "items-0-text" in response.json()["errors"]
    response = client.post(
        reverse("ballots_api:evaluation-list"), _payload(world, subject_employee_nos=["B001"]), format="json"
    )
    assert response.json()["errors"] == {"subjects": ["找不到以下测评对象(或不在组织单位之下):B001。"]}
    response = client.post(reverse("ballots_api:evaluation-list"), _payload(world), format="json")
    pk = response.json()["id"]
    client.post(reverse("ballots_api:evaluation-publish", kwargs={"pk": pk}), format="json")
    response = client.post(
        reverse("ballots_api:evaluation-codes", kwargs={"pk": pk}),
        {"unit": world.unit_b.pk, "category": 0, "size": 0},
        format="json",
    )
    assert set(response.json()["errors"]) == {"size"}
    response = client.post(
        reverse("ballots_api:evaluation-codes", kwargs={"pk": pk}),
        {"unit": world.unit_b.pk, "category": 0, "size": 1},
        format="json",
    )
    assert response.json()["errors"] == {"unit": ["发放单位应在组织单位之下。"]}
    assert not BallotCode.objects.exists()


def test_an_evaluation_outside_ones_units_is_not_found(world):
    response = _client(world, "hr").post(reverse("ballots_api:evaluation-list"), _payload(world), format="json")
    pk = response.json()["id"]
    other = _client(world, "hr_other")
    assert other.get(reverse("ballots_api:evaluation-detail", kwargs={"pk": pk})).status_code == 404
    assert other.post(reverse("ballots_api:evaluation-publish", kwargs={"pk": pk})).status_code == 404
    assert other.get(reverse("ballots_api:evaluation-list")).json()["count"] == 0
    assert Evaluation.objects.get().state == "draft"
