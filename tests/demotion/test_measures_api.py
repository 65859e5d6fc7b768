"""The measures' endpoints: scoped lists with waiting periods, recording by HR with errors field by field, ending a
protection, and the usage lists as JSON."""

import datetime

import pytest
from rest_framework.test import APIClient

from common.models import AuditLog
from demotion.models import DismissalProtection
from org.models import SanctionRecord
from org.services import sanction_record_create
from tests.demotion.matrix_measures import publish_year, seed_national_rules
from tests.factories import CadreFactory

D = datetime.date


@pytest.fixture(autouse=True)
def national_rules(db):
    seed_national_rules()


def _api(world, persona) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[persona])
    return client


MARCH_FIRST = D(2025, 3, 1)


def _measure(cadre, kind="admonishment", day=MARCH_FIRST):
    return sanction_record_create(cadre=cadre, kind=kind, decided_on=day, effective_from=day)


def test_the_measure_list_is_scoped_and_carries_the_waiting_period(world):
    _measure(world.cadre)
    _measure(world.other_cadre, "demoted")
    _measure(world.cadre, "gov_warning")  # a sanction: not a measure
    data = _api(world, "hr").get("/api/demotion/measures/").json()
    (row,) = data["results"] if isinstance(data, dict) else data
    assert (row["employee_no"], row["kind"], row["kind_label"]) == ("A001", "admonishment", "诫勉")
    assert row["waiting_period"]["no_promotion_until"] == "2025-09-01"
    assert row["running"] is False


def test_the_measure_list_costs_the_same_for_many(world, django_assert_max_num_queries):
    client = _api(world, "committee")
    _measure(world.cadre)
    client.get("/api/demotion/measures/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/api/demotion/measures/")
    for i in range(10):
        _measure(CadreFactory(organization=world.org, unit=world.unit_b), "removed", D(2025, 2, 1 + i))
    with django_assert_max_num_queries(len(one)):
        client.get("/api/demotion/measures/")


def test_hr_records_a_measure(world):
    body = {"cadre": world.cadre.pk, "kind": "transferred", "decided_on": "2025-06-02", "effective_from": "2025-06-02"}
    response = _api(world, "hr").post("/api/demotion/measures/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["waiting_period"]["no_promotion_until"] == "2026-06-02"
    assert SanctionRecord.objects.filter(cadre=world.cadre, kind="transferred", category="measure").exists()


@pytest.mark.parametrize(
    "persona, body, errors",
    [
        ("hr", {"kind": "gov_warning"}, {"kind"}),
        ("hr", {"decided_on": "2025-13-01", "effective_from": ""}, {"decided_on", "effective_from"}),
        ("hr", {"effective_from": "2025-05-01"}, {"effective_from"}),
        ("hr_other", {}, {"cadre"}),
    ],
)
def test_bad_input_is_refused_field_by_field(world, persona, body, errors):
    before = (SanctionRecord.objects.count(), AuditLog.objects.count())
    data = {"cadre": world.cadre.pk, "kind": "admonishment", "decided_on": "2025-06-01", "effective_from": "2025-06-01"}
    response = _api(world, persona).post("/api/demotion/measures/", {**data, **body}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == errors
    assert (SanctionRecord.objects.count(), AuditLog.objects.count()) == before


def test_the_committee_may_not_record(world):
    body = {"cadre": world.cadre.pk, "kind": "transferred", "decided_on": "2025-06-02", "effective_from": "2025-06-02"}
    assert _api(world, "committee").post("/api/demotion/measures/", body, format="json").status_code == 403


def test_protections_are_recorded_listed_and_ended(world):
    client = _api(world, "hr")
    response = client.post(
        "/api/demotion/protections/",
        {"cadre": world.cadre.pk, "kind": "work_injury", "starts_on": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    listed = client.get("/api/demotion/protections/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["kind_label"] for r in rows] == ["因公致残"]
    # a bad end date, field by field, then a good one
    response = client.post(f"/api/demotion/protections/{pk}/end/", {"ends_on": "2024-01-01"}, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"ends_on"}
    response = client.post(f"/api/demotion/protections/{pk}/end/", {"ends_on": "2025-01-01"}, format="json")
    assert response.status_code == 200 and response.json()["ends_on"] == "2025-01-01"
    # out of scope: not found
    other = DismissalProtection.objects.create(cadre=world.other_cadre, kind="medical", starts_on=D(2025, 1, 1))
    response = client.post(f"/api/demotion/protections/{other.pk}/end/", {"ends_on": "2025-02-01"}, format="json")
    assert response.status_code == 404


def test_the_usage_lists_as_json(world):
    publish_year(world, 2024, {world.cadre: "4"})
    publish_year(world, 2025, {world.cadre: "4", world.other_cadre: "3"})
    DismissalProtection.objects.create(cadre=world.cadre, kind="pregnancy", starts_on=D(2026, 1, 1))
    data = _api(world, "hr").get("/api/demotion/usage/", {"year": 2025, "on": "2026-02-01"}).json()
    assert data["year"] == 2025 and data["on"] == "2026-02-01"
    assert set(data["lists"]) == {"admonish", "not_reappointed", "demote", "dismiss", "promote", "promote_excluded"}
    (row,) = data["lists"]["dismiss"]["rows"]
    assert row["employee_no"] == "A001" and row["blocked"].startswith("暂不得辞退:孕期")
    assert row["grades"] == [{"year": 2025, "grade": "不称职"}, {"year": 2024, "grade": "不称职"}]
    assert data["lists"]["admonish"]["count"] == 0  # 李四 is not in 综合科's HR scope


def test_usage_for_an_unpublished_year_says_why(world):
    publish_year(world, 2025, {world.cadre: "3"})
    response = _api(world, "committee").get("/api/demotion/usage/", {"year": 2023})
    assert response.status_code == 400 and response.json()["errors"] == {"year": ["该年度考核结果尚未公布。"]}
    response = _api(world, "committee").get("/api/demotion/usage/", {"on": "明天"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"on"}
