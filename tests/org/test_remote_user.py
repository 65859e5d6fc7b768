"""Single sign-on behind a trusted proxy (org.sso): off by default; when on, the proxy's header names an existing
login, from the proxy's address only; no login is created, the administrator is not signed in this way, and
password login stays."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD

User = get_user_model()
HEADER = "HTTP_X_REMOTE_USER"
PROXY = "127.0.0.1"


@pytest.fixture
def sso(settings):
    settings.CADRE_REMOTE_USER_ENABLED = True
    settings.CADRE_REMOTE_USER_PROXIES = [PROXY]
    return settings


def get(path, username, *, address=PROXY, client=None):
    client = client or Client()
    return client, client.get(path, **{HEADER: username, "REMOTE_ADDR": address})


def test_off_by_default_the_header_signs_nobody_in(world, settings):
    assert settings.CADRE_REMOTE_USER_ENABLED is False
    _client, response = get("/me/", "cadre")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_on_the_proxys_header_signs_the_cadre_in(world, sso):
    client, response = get("/me/", "cadre")
    assert response.status_code == 200 and "张三" in response.content.decode()
    # the session holds: the next request from the proxy for the same person needs nothing more
    _client, again = get("/me/", "cadre", client=client)
    assert again.status_code == 200


def test_a_header_from_anywhere_but_the_proxy_is_ignored(world, sso):
    _client, response = get("/me/", "cadre", address="10.0.0.9")
    assert response.status_code == 302


def test_no_login_is_created_for_an_unknown_name(world, sso):
    users = User.objects.count()
    _client, response = get("/me/", "stranger")
    assert response.status_code == 302 and User.objects.count() == users


def test_neither_the_administrator_nor_a_switched_off_login_is_signed_in(world, sso):
    assert get("/org/units/", "admin")[1].status_code == 302
    User.objects.filter(username="cadre").update(is_active=False)
    assert get("/me/", "cadre")[1].status_code == 302


def test_without_the_header_the_single_sign_on_session_ends(world, sso):
    client, _response = get("/me/", "cadre")
    assert client.get("/me/", REMOTE_ADDR=PROXY).status_code == 302


def test_password_login_stays(world, sso):
    client = Client()
    response = client.post("/accounts/login/", {"username": "hr", "password": PASSWORD}, REMOTE_ADDR=PROXY)
    assert response.status_code == 302
    # a session signed in by password is not ended by requests without the header
    assert client.get("/org/units/", REMOTE_ADDR=PROXY).status_code == 200


def test_persistent_mode_keeps_the_session_without_the_header(world, sso):
    sso.CADRE_REMOTE_USER_PERSISTENT = True
    client, _response = get("/me/", "cadre")
    assert client.get("/me/", REMOTE_ADDR=PROXY).status_code == 200
