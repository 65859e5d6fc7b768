"""The upkeep endpoints: HR writes within its units; errors come field by field; what lies outside one's units is
"not found" — in the URL (404) or in the body (400, on the field that names it)."""

from rest_framework.test import APIClient

from org.models import Cadre, GroupMembership, Post, Unit
from org.services import cadre_create, group_create


def api_of(world, persona) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[persona])
    return client


def test_hr_adds_a_unit_and_a_post_and_gets_them_back(world):
    client = api_of(world, "hr")
    response = client.post("/api/org/units/", {"parent": world.unit_a1.pk, "name": "新设小组"}, format="json")
    assert response.status_code == 201 and response.json()["name"] == "新设小组"
    unit = Unit.objects.get(pk=response.json()["id"])
    response = client.post(
        "/api/org/posts/", {"unit": unit.pk, "name": "组长", "kind": "middle", "headcount": 2}, format="json"
    )
    assert response.status_code == 201 and Post.objects.get(unit=unit).headcount == 2


def test_errors_come_field_by_field(world):
    response = api_of(world, "hr").post("/api/org/units/", {"name": "", "kind": "nonsense"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["parent"] == ["必填。"] and errors["name"] == ["请填写单位名称。"]
    assert errors["kind"] == ["“nonsense”不是有效的单位类别。"]


def test_a_service_refusal_names_its_field(world):
    client = api_of(world, "hr")
    body = {
        "cadre": world.cadre.pk,
        "post": world.post_a.pk,
        "start_date": "2025-06-01",
        "document_no": "测组〔2025〕1号",
        "document_date": "2025-05-28",
    }
    response = client.post("/api/org/appointments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"post": ["已在任该职务。"]}


def test_outside_ones_units_is_not_found(world):
    client = api_of(world, "hr_other")
    assert client.patch(f"/api/org/units/{world.unit_a1.pk}/", {"name": "x"}, format="json").status_code == 404
    response = client.post("/api/org/units/", {"parent": world.unit_a1.pk, "name": "x"}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["parent"] == [
        "找不到该记录(或不在您的管理范围内)。"
    ]
    assert Unit.objects.get(pk=world.unit_a1.pk).name == "综合科一组" and not Unit.objects.filter(name="x").exists()


def test_the_committee_reads_but_does_not_write(world):
    client = api_of(world, "committee")
    assert client.get("/api/org/units/").status_code == 200
    assert client.post("/api/org/units/", {"parent": world.unit_a1.pk, "name": "x"}, format="json").status_code == 403


def test_a_partial_cadre_change_keeps_the_rest(world):
    response = api_of(world, "hr").patch(
        f"/api/org/cadres/{world.cadre.pk}/", {"rank_grade": "二级主任科员", "unit": world.unit_a.pk}, format="json"
    )
    assert response.status_code == 200
    cadre = Cadre.objects.get(pk=world.cadre.pk)
    assert (cadre.rank_grade, cadre.unit, cadre.name, cadre.birth_date) == (
        "二级主任科员",
        world.unit_a,
        world.cadre.name,
        world.cadre.birth_date,
    )


def test_group_moves_and_accounts_through_the_api(world):
    client = api_of(world, "hr")
    later = group_create(organization=world.org, year=2026, name="科长组")
    response = client.post(f"/api/org/cadres/{world.cadre.pk}/group/", {"group": later.pk}, format="json")
    assert response.status_code == 200 and GroupMembership.objects.get(cadre=world.cadre, year=2026).group == later

    newcomer = cadre_create(organization=world.org, employee_no="A009", unit=world.unit_a1, name="王九", gender="M")
    response = client.post("/api/org/accounts/create/", {"cadres": [newcomer.pk]}, format="json")
    assert response.json() == {"created": [newcomer.pk], "linked": [], "skipped": {}}
    states = {row["employee_no"]: row["state"] for row in client.get("/api/org/accounts/").json()["results"]}
    assert states == {"A001": "active", "A009": "pending"}
    response = client.post("/api/org/accounts/lock/", {"cadres": [world.cadre.pk]}, format="json")
    assert response.json() == {"changed": [world.cadre.pk]}
    response = client.post("/api/org/accounts/lock/", {"cadres": []}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["cadres"] == ["请至少选择一名干部。"]
