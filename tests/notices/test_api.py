"""The notices API: one's own inbox, marking read, the deadline list for HR."""

import datetime

from rest_framework.test import APIClient

from notices.models import Notice
from notices.services import notices_generate
from tests.notices.test_inbox import make_notice


def api_for(world, persona):
    client = APIClient()
    client.force_authenticate(world.users[persona])
    return client


def test_inbox_lists_only_own_notices_and_filters_unread(world):
    read = make_notice(world.users["cadre"], subject_id="1", title="已读")
    make_notice(world.users["cadre"], subject_id="2", title="未读", calendar_warning="2099年的法定节假日安排尚未录入")
    make_notice(world.users["other_cadre"], subject_id="3", title="别人的")
    client = api_for(world, "cadre")
    client.post(f"/api/notices/{read.pk}/read/")

    data = client.get("/api/notices/").json()
    assert data["count"] == 2
    assert {n["title"] for n in data["results"]} == {"已读", "未读"}

    unread = client.get("/api/notices/", {"unread": "true"}).json()["results"]
    assert [n["title"] for n in unread] == ["未读"]
    notice = unread[0]
    assert notice["due_date"] == "2025-02-05"
    assert notice["due_date_zh"] == "2025年2月5日(星期三)"
    assert notice["is_read"] is False and notice["url"] == "/me/"
    assert notice["calendar_warning"].startswith("2099年")


def test_inbox_rejects_a_bad_filter_field_by_field(world):
    response = api_for(world, "cadre").get("/api/notices/", {"unread": "maybe"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and list(body["errors"]) == ["unread"]


def test_mark_read_returns_the_notice(world):
    notice = make_notice(world.users["cadre"])
    response = api_for(world, "cadre").post(f"/api/notices/{notice.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_marking_someone_elses_notice_is_404_and_changes_nothing(world):
    theirs = make_notice(world.users["other_cadre"])

    response = api_for(world, "cadre").post(f"/api/notices/{theirs.pk}/read/")

    assert response.status_code == 404
    assert response.json()["errors"] == {}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_marks_own_notices_only(world):
    make_notice(world.users["cadre"], subject_id="1")
    make_notice(world.users["cadre"], subject_id="2")
    theirs = make_notice(world.users["other_cadre"], subject_id="3")

    response = api_for(world, "cadre").post("/api/notices/read-all/")

    assert response.json() == {"marked": 2}
    assert not Notice.objects.filter(recipient=world.users["cadre"], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_gets_401(db):
    assert APIClient().get("/api/notices/").status_code == 401
    assert APIClient().post("/api/notices/read-all/").status_code == 401


def test_deadlines_for_hr_in_scope(world, letter_kind):
    notices_generate(today=datetime.date(2023, 4, 10))  # notices do not change the list; only open deadlines do
    data = api_for(world, "hr").get("/api/notices/deadlines/").json()

    assert data["count"] == 1
    row = data["results"][0]
    assert row["subject"] == "签署承诺书:组长" and row["unit_name"] == "综合科一组"
    assert row["kind"] == "tests.letter" and row["kind_label"] == "测试承诺书"
    assert row["due_date"] == "2023-04-01" and row["due_date_zh"] == "2023年4月1日(星期六)"
    assert row["status"] == "overdue" and row["status_label"] == "已逾期" and row["days_left"] < 0
    assert row["url"] == f"/org/cadres/{world.cadre.pk}/"

    other = api_for(world, "hr_other").get("/api/notices/deadlines/").json()["results"]
    assert [r["subject"] for r in other] == ["签署承诺书:所长"]


def test_deadlines_filter_by_kind_and_unit(world, letter_kind):
    client = api_for(world, "admin")
    assert client.get("/api/notices/deadlines/", {"unit": world.unit_b.pk}).json()["count"] == 1
    assert client.get("/api/notices/deadlines/", {"kind": "tests.letter"}).json()["count"] == 2


def test_deadlines_reject_bad_filters_field_by_field(world, letter_kind):
    # 城关所 is outside hr's scope: answered as if it did not exist.
    response = api_for(world, "hr").get("/api/notices/deadlines/", {"unit": world.unit_b.pk, "kind": "nope"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"unit", "kind"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_deadlines_are_for_hr_and_admin_only(world, letter_kind):
    for persona in ["committee", "rater", "cadre", "norole"]:
        assert api_for(world, persona).get("/api/notices/deadlines/").status_code == 403
    assert APIClient().get("/api/notices/deadlines/").status_code == 401
