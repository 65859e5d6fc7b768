"""The public activation page: a cadre enters the username and the code from the sheet and chooses a password; a
wrong code counts as a failed login (django-axes), so five of them lock the form — and the login — like five wrong
passwords do."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from org.services import account_activation_issue, cadre_account_ensure, cadre_create

User = get_user_model()
NEW_PASSWORD = "Qw-new-secret-2025"


@pytest.fixture
def pending(world):
    """王九 of 综合科一组, whose login waits for activation, and his code."""
    cadre = cadre_create(organization=world.org, employee_no="A009", unit=world.unit_a1, name="王九", gender="M")
    cadre_account_ensure(cadres=[cadre], actor=world.users["hr"])
    cadre.refresh_from_db()
    return cadre, account_activation_issue(cadres=[cadre], actor=world.users["hr"])[0].code


def post(client, username, code, password=NEW_PASSWORD):
    return client.post(
        "/accounts/activate/", {"username": username, "code": code, "password1": password, "password2": password}
    )


def test_the_page_is_public_chinese_and_linked_from_the_login_page(world):
    client = Client()
    assert "激活单上的激活码" in client.get("/accounts/login/").content.decode()
    body = client.get("/accounts/activate/").content.decode()
    assert "激活账号" in body and 'name="code"' in body


def test_a_cadre_activates_chooses_a_password_and_is_signed_in(world, pending):
    cadre, code = pending
    client = Client()

    # when 王九 activates with his code
    response = post(client, "A009", code)

    # then he is signed in and lands on his own page; the password works from now on
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/me/"
    signed_in = Client().post("/accounts/login/", {"username": "A009", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_errors_are_shown_next_to_the_fields_in_chinese(world, pending):
    _cadre, code = pending
    body = post(Client(), "A009", code, password="123").content.decode()
    assert "密码" in body and "invalid-feedback" in body
    assert not User.objects.get(username="A009").has_usable_password()
    body = Client().post("/accounts/activate/", {"username": "A009"}).content.decode()
    assert "请填写激活码。" in body and "请设置密码。" in body


def test_wrong_codes_count_as_failed_logins_and_lock_the_form(world, pending, settings):
    _cadre, code = pending
    client = Client()
    # when someone tries five wrong codes for A009
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post(client, "A009", "AAAA-AAAA-AAAA")
        assert response.status_code == 200 and "用户名或激活码不正确" in response.content.decode()
    assert post(client, "A009", "AAAA-AAAA-AAAA").status_code == 429

    # then even the right code is refused while locked, and nothing changed
    assert post(client, "A009", code).status_code == 429
    assert not User.objects.get(username="A009").has_usable_password()


def test_failed_passwords_at_the_login_lock_the_activation_form_too(world, pending, settings):
    _cadre, code = pending
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "A009", "password": "wrong"})
    assert post(client, "A009", code).status_code == 429


def test_a_signed_in_user_is_asked_to_sign_out_first(world, pending):
    _cadre, code = pending
    client = Client()
    client.force_login(world.users["hr"])
    response = post(client, "A009", code)
    assert response.status_code == 200 and "请先退出" in response.content.decode()
    assert not User.objects.get(username="A009").has_usable_password()
