"""The commitment letters' endpoints: scoped lists, the cadre's own letter, signing with errors field by field."""

from rest_framework.test import APIClient

from common.models import AuditLog
from tests.demotion.test_letters_support import zhang_letter

BASE = "/api/demotion/letters/"


def _client(world, persona) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[persona])
    return client


def test_the_list_is_scoped(world):
    letter = zhang_letter(world)
    for persona, expected in [("hr", [letter.pk]), ("committee", [letter.pk]), ("cadre", [letter.pk])]:
        body = _client(world, persona).get(BASE).json()
        assert [row["id"] for row in body["results"]] == expected, persona
    for persona in ["hr_other", "other_cadre"]:
        assert _client(world, persona).get(BASE).json()["results"] == [], persona
    assert _client(world, "rater").get(BASE).status_code == 403
    assert APIClient().get(BASE).status_code == 401


def test_the_detail_and_the_status_filter(world):
    letter = zhang_letter(world)
    client = _client(world, "hr")
    row = client.get(f"{BASE}{letter.pk}/").json()
    assert row["cadre_name"] == "张三" and row["employee_no"] == "A001"
    assert row["post"] == "综合科一组组长"
    assert row["due_date"] == "2023-04-01" and row["status"] == "overdue" and row["days_overdue"] > 0
    assert "主动让贤申请书" in row["text"]
    assert [r["id"] for r in client.get(BASE, {"status": "overdue"}).json()["results"]] == [letter.pk]
    assert client.get(BASE, {"status": "signed"}).json()["results"] == []
    assert _client(world, "hr_other").get(f"{BASE}{letter.pk}/").status_code == 404


def test_the_cadre_signs(world):
    letter = zhang_letter(world)
    response = _client(world, "cadre").post(f"{BASE}{letter.pk}/sign/", {"signed_name": "张三"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["signed_name"] == "张三" and body["signed_at"] and body["status"] == "signed_late"
    letter.refresh_from_db()
    assert letter.is_signed


def test_errors_field_by_field_and_nothing_changes(world):
    letter = zhang_letter(world)
    client = _client(world, "cadre")
    audit = AuditLog.objects.count()
    wrong = client.post(f"{BASE}{letter.pk}/sign/", {"signed_name": "李四"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == {"signed_name": ["签名须与本人姓名一致"]}
    missing = client.post(f"{BASE}{letter.pk}/sign/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"signed_name": ["请输入本人姓名作为签名。"]}
    letter.refresh_from_db()
    assert not letter.is_signed and AuditLog.objects.count() == audit


def test_only_the_cadre_signs_and_only_once(world):
    letter = zhang_letter(world)
    assert _client(world, "hr").post(f"{BASE}{letter.pk}/sign/", {"signed_name": "张三"}).status_code == 403
    assert _client(world, "other_cadre").post(f"{BASE}{letter.pk}/sign/", {"signed_name": "张三"}).status_code == 404
    client = _client(world, "cadre")
    assert client.post(f"{BASE}{letter.pk}/sign/", {"signed_name": "张三"}).status_code == 200
    letter.refresh_from_db()
    signed_at = letter.signed_at
    again = client.post(f"{BASE}{letter.pk}/sign/", {"signed_name": "张三"})
    assert again.status_code == 400 and "不能重复签署" in again.json()["message"]
    letter.refresh_from_db()
    assert letter.signed_at == signed_at
    assert AuditLog.objects.filter(action="demotion.letter.sign").count() == 1
