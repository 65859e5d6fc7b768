"""Password rules: length and kinds of characters, no reuse of the last five, a change after 90 days for staff."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from security.models import PasswordHistory
from tests.conftest import PASSWORD

CHANGE = "/accounts/password/"


def change(client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize("weak", ["Ab1-xyz", "abcdefghijkl", "abcdefgh1234", "ABCDEFGH-ijk"[:5]])
def test_a_short_or_plain_password_is_refused_in_chinese(world, weak):
    with pytest.raises(ValidationError) as refused:
        validate_password(weak, world.users["hr"])
    assert any("至少 10 位" in m and "至少 3 类" in m for m in refused.value.messages)


def test_a_long_password_of_three_kinds_passes(world):
    validate_password("Quiet-river-42", world.users["hr"])
    validate_password("quietriver42!!", world.users["hr"])


def test_the_change_page_says_so_next_to_the_field(world, as_persona):
    client = as_persona("hr")
    body = change(client, PASSWORD, "simple").content.decode()
    assert "至少 10 位" in body
    assert PasswordHistory.objects.filter(user=world.users["hr"]).count() == 0


def test_none_of_the_last_five_passwords_comes_back(world, as_persona):
    client = as_persona("hr")
    passwords = [PASSWORD, *(f"Rotating-Secret-{n}" for n in range(1, 6))]
    # given five changes in a row (the factory's password, then five more)
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change(client, old, new).status_code == 302, new
    current = passwords[-1]
    # when the user tries any of the last five again, then it is refused and the password stays
    for reused in passwords[1:]:
        response = change(client, current, reused)
        assert response.status_code == 200
        assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
    world.users["hr"].refresh_from_db()
    assert world.users["hr"].check_password(current)
    # and the sixth back, no longer in the history, may be used again
    assert change(client, current, PASSWORD).status_code == 302
    assert PasswordHistory.objects.filter(user=world.users["hr"]).count() == 5


def _aged(world, persona: str, days: int) -> Client:
    PasswordHistory.objects.create(
        user=world.users[persona],
        password=world.users[persona].password,
        changed_at=timezone.now() - datetime.timedelta(days=days),
    )
    client = Client()
    assert client.post("/accounts/login/", {"username": persona, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("persona", ["hr", "committee", "admin", "sysadmin", "auditadmin"])
def test_staff_change_a_password_older_than_ninety_days_first(world, persona):
    client = _aged(world, persona, 91)
    # when staff with a 91-day-old password open a page
    response = client.get("/notices/")
    # then they are sent to change it, and the page says why
    assert response.status_code == 302 and response["Location"].startswith(CHANGE + "?next=")
    assert "你的密码已到期" in client.get(response["Location"]).content.decode()
    # and once changed, the way is open
    assert change(client, PASSWORD, "Brand-New-Secret-1").status_code == 302
    assert client.get("/notices/").status_code == 200


def test_a_younger_password_or_a_cadre_is_not_stopped(world):
    assert _aged(world, "hr", 89).get("/notices/").status_code == 200
    assert _aged(world, "cadre", 400).get("/notices/").status_code == 200


def test_the_age_is_a_setting(world, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert _aged(world, "hr", 400).get("/notices/").status_code == 200
    settings.PASSWORD_MAX_AGE_DAYS = 30
    assert _aged(world, "hr_other", 31).get("/notices/").status_code == 302


def test_the_check_costs_no_query_once_signed_in(world):
    client = _aged(world, "hr", 10)
    with CaptureQueriesContext(connection) as counted:
        client.get("/notices/")
    assert counted.captured_queries
    assert not any("security_passwordhistory" in q["sql"] for q in counted.captured_queries)
