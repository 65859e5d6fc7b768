"""The tenure API: reads scoped to the user with the computed facts of each term, errors field by field, refusals
that change nothing, a cadre's own rows, and list costs that do not grow with the rows."""

import datetime

from rest_framework.test import APIClient

from tenure.models import EconomicAudit, TenurePolicy, TermGoal
from tenure.services import audits
from tests.tenure.conftest import appoint, person, principal_post

D = datetime.date


def api(world, persona):
    client = APIClient()
    client.force_login(world.users[persona])
    return client


def test_terms_carry_their_facts_and_stay_in_scope(world, policy, django_assert_max_num_queries):
    post = principal_post(world, parent=world.unit_a)
    appoint(person(world, "甲", unit=post.unit), post, D(2025, 7, 1), decided=D(2025, 7, 1))
    client = api(world, "hr")
    client.get("/api/tenure/terms/")  # the session settles
    with django_assert_max_num_queries(15) as few:
        rows = client.get("/api/tenure/terms/").json()["results"]
    assert [(r["cadre_name"], r["starts_on"], r["ends_on"], r["status"], r["counts"]) for r in rows] == [
        ("甲", "2026-01-01", "2030-12-31", "running", True)
    ]
    for i in range(10):
        post = principal_post(world, parent=world.unit_a)
        appoint(person(world, f"乙{i}", unit=post.unit), post, D(2024, 3, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/tenure/terms/").json()["results"]) == 11
    # 李四 sees his own, at mine/ too
    mine = api(world, "other_cadre").get("/api/tenure/terms/mine/").json()
    assert [r["post_name"] for r in mine] == ["所长"]


def test_a_policy_version_with_errors_field_by_field(world, policy):
    client = api(world, "admin")
    body = {
        "organization": world.org.pk,
        "effective_from": "1999-01-01",
        "term_years": 5,
        "start_rule": "june_30",
        "partial_rule": "years",
        "partial_years": 7,
        "reminder_months": "6,x",
        "ladder_years": "5,8,10",
        "performance_weight": "60",
        "democratic_weight": "30",
        "basic_below": "70",
        "incompetent_below": "60",
        "excellent_quota": "0.200",
        "retirement_service_years": 30,
        "post_kinds": {"principal": "term"},
    }
    response = client.post("/api/tenure/policies/", body, format="json")
    assert response.status_code == 400
    assert {"partial_years", "reminder_months", "democratic_weight"} <= set(response.json()["errors"])
    assert TenurePolicy.objects.count() == 1
    body |= {"partial_years": 3, "reminder_months": "6,3", "democratic_weight": "40"}
    response = client.post("/api/tenure/policies/", body, format="json")
    assert response.json()["errors"] == {"effective_from": [response.json()["message"]]}
    response = client.post("/api/tenure/policies/", body | {"effective_from": "2026-01-01"}, format="json")
    assert response.status_code == 201 and response.json()["version"] == 2
    assert api(world, "hr").get("/api/tenure/policies/current/").json()["version"] == 2


def test_goals_through_the_api(world, policy):
    body = {"unit": world.unit_a1.pk, "responsibility": "personal", "scope": "annual", "year": 2026,
            "area": "duties", "title": "抽检", "kind": "quantified", "target": "10"}  # fmt: skip
    response = api(world, "hr").post("/api/tenure/goals/", body, format="json")
    assert response.status_code == 400 and "cadre" in response.json()["errors"]
    response = api(world, "hr").post("/api/tenure/goals/", body | {"cadre": world.cadre.pk}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    # 城关所's HR is told it does not exist; the committee may not review
    assert api(world, "hr_other").post(f"/api/tenure/goals/{pk}/review/", {}, format="json").status_code == 404
    assert api(world, "committee").post(f"/api/tenure/goals/{pk}/review/", {}, format="json").status_code == 403
    assert api(world, "hr").post(f"/api/tenure/goals/{pk}/review/", {}, format="json").json()["state"] == "reviewed"
    response = api(world, "committee").post(f"/api/tenure/goals/{pk}/return/", {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    assert TermGoal.objects.get(pk=pk).state == "reviewed"
    assert (
        api(world, "committee").post(f"/api/tenure/goals/{pk}/approve/", {}, format="json").json()["state"]
        == "approved"
    )


def test_an_audit_step_refused_says_why_and_changes_nothing(world, policy):
    audit = audits.audit_plan(
        cadre=world.cadre, actor=world.users["hr"], kind="in_term", period_from=D(2023, 3, 1), period_to=D(2025, 12, 31)
    )
    client = api(world, "hr")
    response = client.post(
        f"/api/tenure/audits/{audit.pk}/notify/",
        {"notice_no": "审通1号", "served_on": "2025-01-24", "fieldwork_from": "2025-02-04"},
        format="json",
    )
    assert response.status_code == 400 and "fieldwork_from" in response.json()["errors"]
    assert "2025-02-05" in response.json()["message"]
    assert EconomicAudit.objects.get(pk=audit.pk).state == "planned"
    response = client.post(
        f"/api/tenure/audits/{audit.pk}/report/", {"reported_on": "2025-03-01", "rating": "none"}, format="json"
    )
    assert response.status_code == 400 and EconomicAudit.objects.get(pk=audit.pk).state == "planned"
    # the cadre sees his own audit; the other cadre is told it does not exist
    assert api(world, "cadre").get(f"/api/tenure/audits/{audit.pk}/").json()["holds"] is False
    assert api(world, "other_cadre").get(f"/api/tenure/audits/{audit.pk}/").status_code == 404


def test_the_schema_names_the_tenure_endpoints(world, as_persona):
    schema = as_persona("admin").get("/api/schema/").content.decode()
    for path in ["/api/tenure/terms/", "/api/tenure/goals/", "/api/tenure/rounds/", "/api/tenure/audits/{id}/notify/"]:
        assert path in schema
