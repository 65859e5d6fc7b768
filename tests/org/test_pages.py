import pytest
from django.test import Client
from knox.models import AuthToken

from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("hr", "/overview/year/"),
        ("committee", "/committee/"),
        ("admin", "/admin/"),
        ("rater", "/rater/"),
        ("cadre", "/me/"),
        ("anonymous", "/accounts/login/?next=/"),
    ],
)
def test_every_role_lands_on_its_own_home(as_persona, persona, landing):
    response = as_persona(persona).get("/")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_user_without_a_role_is_told_so(as_persona):
    response = as_persona("norole").get("/")
    assert response.status_code == 403
    assert "尚未分配角色" in response.content.decode()


def test_login_page_is_chinese_and_logs_in(world):
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert "用户登录" in page and 'lang="zh-hans"' in page
    response = client.post("/accounts/login/", {"username": "hr", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    body = client.get("/org/units/").content.decode()
    assert "单位结构" in body and "综合科一组" in body


def test_english_is_one_switch_away(world):
    client = Client()
    client.force_login(world.users["hr"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/org/units/"})
    body = client.get("/org/units/").content.decode()
    assert 'lang="en"' in body
    assert "Units" in body


def test_repeated_failures_lock_the_login(world):
    client = Client()
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "hr", "password": "wrong"})
        assert response.status_code == 200
        assert "请输入一个正确的用户名和密码" in response.content.decode()
    # the fifth failure locks the account
    assert client.post("/accounts/login/", {"username": "hr", "password": "wrong"}).status_code == 429
    # the right password no longer helps while locked
    response = client.post("/accounts/login/", {"username": "hr", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_end_after_a_working_day_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    # renewed by common.middleware.SessionRenewalMiddleware at most once a minute, not written on every request
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_RENEW_SECONDS == 60


def _session_row(client):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_session_is_renewed_once_a_minute_not_on_every_request(world):
    import datetime

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from common.middleware import SESSION_RENEWED_KEY

    client = Client()
    client.post("/accounts/login/", {"username": "hr", "password": PASSWORD})
    client.get("/org/units/")  # the first request after the login stamps the session
    row = _session_row(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/org/units/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert _session_row(client).expire_date == row.expire_date

    # a minute later the next request writes it again, with the expiry a working day from now
    session = client.session
    session[SESSION_RENEWED_KEY] -= 61
    session.save()
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/org/units/").status_code == 200
    renewed = _session_row(client).expire_date
    assert renewed > timezone.now() + datetime.timedelta(hours=8) - datetime.timedelta(minutes=1)

    # idle past the expiry: signed out
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/org/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_api_token_authentication(world):
    client = Client()
    response = client.post("/api/auth/token/", {"username": "hr", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    # the database keeps the token's digest, found by its first characters
    assert AuthToken.objects.get(user=world.users["hr"]).token_key == token[:15]
    listing = client.get("/api/org/cadres/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200
    names = [row["name"] for row in listing.json()["results"]]
    assert names == ["张三"]


def test_api_refuses_a_bad_token_and_anonymous_calls(world):
    client = Client()
    assert client.get("/api/org/cadres/", HTTP_AUTHORIZATION="Token nope").status_code == 401
    response = client.get("/api/org/cadres/")
    assert response.status_code == 401
    assert response.json()["message"]


def test_api_lists_only_what_is_in_scope(as_persona):
    committee = as_persona("committee").get("/api/org/cadres/").json()
    assert {row["name"] for row in committee["results"]} == {"张三", "李四"}
    other = as_persona("hr_other").get("/api/org/units/").json()
    assert {row["name"] for row in other["results"]} == {"城关所"}
    filtered = as_persona("committee").get("/api/org/cadres/", {"q": "李"}).json()
    assert [row["name"] for row in filtered["results"]] == ["李四"]


def test_group_page_shows_only_members_in_scope(world, as_persona):
    body = as_persona("hr").get(f"/org/groups/{world.group.pk}/").content.decode()
    assert "张三" in body and "李四" not in body
    members = as_persona("hr_other").get(f"/api/org/groups/{world.group.pk}/members/").json()
    assert [m["name"] for m in members] == ["李四"]


def test_cadre_sees_own_profile_with_appointments(world, as_persona):
    body = as_persona("cadre").get("/me/").content.decode()
    assert "张三" in body and "组长" in body and "科长组" in body
    data = as_persona("cadre").get("/api/org/me/").json()
    assert data["employee_no"] == "A001"
    assert [a["post_name"] for a in data["appointments"]] == ["组长"]


def test_cadre_list_query_count_is_constant(world, as_persona, django_assert_max_num_queries):
    from tests.factories import CadreFactory

    for i in range(30):
        CadreFactory(unit=world.unit_a1, organization=world.org, employee_no=f"A1{i:02d}")
    client = as_persona("hr")
    client.get("/org/cadres/")  # warm the session
    with django_assert_max_num_queries(13):  # +1: the read is recorded (common.read_audit)
        response = client.get("/org/cadres/")
    assert response.content.decode().count("/org/cadres/") >= 31


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(world):
    client = Client()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in page and "用户登录" in page


def test_the_next_page_keeps_the_search(world, as_persona):
    from tests.factories import CadreFactory

    for i in range(55):
        CadreFactory(unit=world.unit_a1, organization=world.org, employee_no=f"P{i:03d}", name=f"测试{i}")
    body = as_persona("hr").get("/org/cadres/", {"q": "测试"}).content.decode()
    assert "1 / 2" in body
    assert 'href="?q=%E6%B5%8B%E8%AF%95&amp;page=2"' in body
