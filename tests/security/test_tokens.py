"""API tokens (django-rest-knox): who gets one, how long it lasts, and what ends it."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.models import AuditLog
from tests.conftest import PASSWORD

CADRES = "/api/org/cadres/"


def obtain(username: str, **extra):
    return Client().post("/api/auth/token/", {"username": username, "password": PASSWORD, **extra})


def calling(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_hr_obtains_a_token_in_the_old_shape_and_uses_it(world):
    # when HR posts username and password
    response = obtain("hr")
    # then a token comes back (with its idle expiry), is stored only as a digest, and opens the API
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    row = AuthToken.objects.get(user=world.users["hr"])
    assert body["token"] not in row.digest
    assert calling(body["token"]).get(CADRES).status_code == 200
    assert AuditLog.objects.filter(action="security.token.issue", subject_id=str(world.users["hr"].pk)).exists()


@pytest.mark.parametrize("persona", ["cadre", "rater", "admin", "sysadmin", "norole"])
def test_roles_that_do_not_use_the_api_get_no_token(world, persona):
    # when someone whose role is not in API_TOKEN_ROLES asks with the right password
    response = obtain(persona)
    # then the answer says why, and no token exists
    assert response.status_code == 403
    assert "接口只对需要它的角色开放" in response.json()["message"]
    assert not AuthToken.objects.exists()


def test_the_roles_come_from_the_setting(world, settings):
    settings.API_TOKEN_ROLES = ["cadre"]
    assert obtain("cadre").status_code == 200
    assert obtain("hr").status_code == 403


def test_a_wrong_password_gets_no_token(world):
    response = Client().post("/api/auth/token/", {"username": "hr", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["用户名或密码不正确。"]
    assert not AuthToken.objects.exists()


def test_an_idle_token_expires_like_a_session(world, settings):
    assert settings.REST_KNOX["TOKEN_TTL"] == datetime.timedelta(hours=8)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = obtain("hr").json()["token"]
    # given a token used after seven hours: each use moves its expiry on
    with time_machine.travel(start + datetime.timedelta(hours=7), tick=False):
        assert calling(token).get(CADRES).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=14), tick=False):
        assert calling(token).get(CADRES).status_code == 200
    # when it then lies unused for more than eight hours
    with time_machine.travel(start + datetime.timedelta(hours=22, minutes=1), tick=False):
        response = calling(token).get(CADRES)
    # then it is refused, and gone
    assert response.status_code == 401
    assert not AuthToken.objects.exists()


def test_a_token_in_constant_use_still_ends_after_seven_days(world, settings):
    assert settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"] == datetime.timedelta(days=7)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = obtain("hr").json()["token"]
    # given a token used every six hours
    hours = 6
    while hours < 7 * 24:
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            assert calling(token).get(CADRES).status_code == 200, hours
        hours += 6
    # when seven days have passed since it was issued, then it is refused however recently it was used
    with time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False):
        assert calling(token).get(CADRES).status_code == 401


def test_signing_out_of_the_pages_revokes_the_users_tokens(world):
    token = obtain("hr").json()["token"]
    other = obtain("hr_other").json()["token"]
    browser = Client()
    browser.force_login(world.users["hr"])
    # when HR signs out of the pages
    assert browser.post("/accounts/logout/").status_code == 302
    # then their token no longer works, and another user's still does
    assert calling(token).get(CADRES).status_code == 401
    assert calling(other).get(CADRES).status_code == 200
    assert "_auth_user_id" not in browser.session


def test_the_api_sign_out_revokes_the_token_it_is_sent_with(world):
    first, second = obtain("hr").json()["token"], obtain("hr").json()["token"]
    assert calling(first).post("/api/auth/logout/").status_code == 204
    assert calling(first).get(CADRES).status_code == 401
    assert calling(second).get(CADRES).status_code == 200


def test_a_password_change_revokes_the_users_tokens(world):
    token = obtain("hr").json()["token"]
    browser = Client()
    browser.force_login(world.users["hr"])
    new = "Changed-Secret-789"
    response = browser.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert calling(token).get(CADRES).status_code == 401


def test_deactivating_an_account_revokes_its_tokens_and_sessions(world):
    token = obtain("hr").json()["token"]
    browser = Client()
    browser.force_login(world.users["hr"])
    assert browser.get("/org/units/").status_code == 200
    # when the system administrator deactivates the account in the admin
    sysadmin = Client()
    sysadmin.force_login(world.users["sysadmin"])
    hr = world.users["hr"]
    response = sysadmin.post(
        f"/admin/auth/user/{hr.pk}/change/",
        {
            "username": "hr",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "08:00:00",
            "initial-date_joined_0": "2025-01-01",
            "initial-date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # then the token and the open session are both gone
    assert calling(token).get(CADRES).status_code == 401
    assert not AuthToken.objects.filter(user=hr).exists()
    assert browser.get("/org/units/").status_code == 302
    assert AuditLog.objects.filter(action="security.user.deactivate", subject_id=str(hr.pk)).get().after == {
        "sessions": 1
    }


def test_signing_out_of_the_admin_revokes_the_tokens_too(world, settings):
    settings.API_TOKEN_ROLES = ["admin"]
    token = obtain("admin").json()["token"]
    browser = Client()
    browser.force_login(world.users["admin"])
    assert browser.post("/admin/logout/").status_code == 302
    assert calling(token).get(CADRES).status_code == 401
