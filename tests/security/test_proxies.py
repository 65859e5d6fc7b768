"""The client's address behind reverse proxies (login lockout and audit trail read it the same way)."""

import pytest
from django.test import Client, RequestFactory

from common.client import client_address
from tests.conftest import PASSWORD

STRANGER = "203.0.113.66"
USER_PC = "10.8.1.23"
PROXY = "10.0.0.2"


def _proxies(settings, count: int) -> None:
    """What cadre_eval.settings.base derives from DJANGO_TRUSTED_PROXY_COUNT."""
    settings.AXES_IPWARE_PROXY_COUNT = count - 1 if count else None
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if count else ("REMOTE_ADDR",)


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    _proxies(settings, 0)
    # given a request straight from a PC that writes an address of its choosing into X-Forwarded-For
    request = RequestFactory().get("/", REMOTE_ADDR=USER_PC, HTTP_X_FORWARDED_FOR=STRANGER)
    # then the address is the socket's
    assert client_address(request) == USER_PC


def test_with_one_trusted_proxy_the_address_it_appended_is_read(settings):
    _proxies(settings, 1)
    # given the proxy in front of the app, which appends the address it was called from
    honest = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=USER_PC)
    # and a client that forged an entry of its own before the proxy's
    forged = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{STRANGER}, {USER_PC}")
    # then both are read as the PC the proxy saw, never the forged entry nor the proxy itself
    assert client_address(honest) == USER_PC
    assert client_address(forged) == USER_PC


def test_with_two_trusted_proxies_the_second_from_the_right_is_read(settings):
    _proxies(settings, 2)
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{STRANGER}, {USER_PC}, 10.0.0.1")
    assert client_address(request) == USER_PC


def test_the_settings_follow_the_environment():
    from cadre_eval.settings import base

    assert base.TRUSTED_PROXY_COUNT == 0
    assert base.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    assert base.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.parametrize("forged", [True, False])
def test_a_stranger_cannot_lock_a_user_out_from_the_users_own_pc(world, settings, forged):
    _proxies(settings, 1)
    # given a stranger behind the same proxy failing five times as "hr", forging the user's address or not
    stranger = Client(REMOTE_ADDR=PROXY)
    header = f"{USER_PC}, {STRANGER}" if forged else STRANGER
    for _ in range(5):
        stranger.post("/accounts/login/", {"username": "hr", "password": "wrong"}, HTTP_X_FORWARDED_FOR=header)
    locked = stranger.post("/accounts/login/", {"username": "hr", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=header)
    assert locked.status_code == 429
    # when the user logs in from their own PC through the proxy
    user = Client(REMOTE_ADDR=PROXY)
    response = user.post("/accounts/login/", {"username": "hr", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=USER_PC)
    # then the lockout (username and address together) is not theirs
    assert response.status_code == 302
    assert user.session["_auth_user_id"] == str(world.users["hr"].pk)
