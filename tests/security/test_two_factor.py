"""Two-factor sign-in (TOTP with django-otp, and recovery codes) for the administrators, HR and the committee."""

import datetime
import re
from binascii import unhexlify

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import RecoveryCode, recovery_code_digest
from tests.conftest import PASSWORD

SETUP = "/accounts/2fa/setup/"
VERIFY = "/accounts/2fa/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


def signed_in(world, persona: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": persona, "password": PASSWORD}).status_code == 302
    return client


def code_for(key: str, *, later: int = 0) -> str:
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time += later * 30
    return f"{totp.token():06d}"


def enrol(client) -> tuple[str, list[str]]:
    """Bind an authenticator as the pages ask; returns its key and the recovery codes shown."""
    assert client.get(SETUP).status_code == 200
    key = client.session["security.totp_pending_key"]
    page = client.post(SETUP, {"code": code_for(key)}).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</li>", page)
    return key, codes


def test_it_is_off_here_and_on_in_production(settings):
    from tests.test_settings import PRODUCTION_ENV, _manage

    assert settings.TWO_FACTOR_REQUIRED is False
    result = _manage(
        ["shell", "-c", "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"],
        SECRET_KEY="x" * 60,
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


@pytest.mark.parametrize("persona", ["hr", "committee", "admin", "sysadmin", "secadmin", "auditadmin"])
def test_staff_without_an_authenticator_are_sent_to_bind_one(world, required, persona):
    client = signed_in(world, persona)
    # when a staff member signed in with the password opens any page
    response = client.get("/org/units/")
    # then they are sent to bind an authenticator first, and the API refuses their session
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")
    api = client.get("/api/org/cadres/")
    assert api.status_code == 403 and "两步验证" in api.json()["message"]


@pytest.mark.parametrize("persona", ["cadre", "rater"])
def test_cadres_and_raters_sign_in_with_the_password_alone(world, required, persona):
    client = signed_in(world, persona)
    assert client.get("/notices/").status_code == 200


def test_binding_shows_a_qr_code_and_recovery_codes_once(world, required):
    client = signed_in(world, "hr")
    # given the setup page, with its QR code (inline SVG) and the key for typing in
    page = client.get(SETUP).content.decode()
    assert '<svg width="' in page and 'class="segno"' in page
    assert not TOTPDevice.objects.exists()  # nothing is stored before a code proves the scan
    key = client.session["security.totp_pending_key"]
    # when a wrong code is sent, then nothing is bound
    wrong = client.post(SETUP, {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()
    # when the app's code is sent
    response = client.post(SETUP, {"code": code_for(key)})
    body = response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</li>", body)
    # then ten recovery codes are shown, stored only as digests
    assert len(codes) == 10 and "只显示这一次" in body
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert stored == {recovery_code_digest(c) for c in codes}
    assert not any(c in d or c.replace("-", "") in d for c in codes for d in stored)
    # and the session has given its second factor: the pages open
    assert TOTPDevice.objects.get(user=world.users["hr"]).confirmed
    assert client.get("/org/units/").status_code == 200


def test_the_next_sign_in_asks_for_a_code(world, required):
    key, _codes = enrol(signed_in(world, "hr"))
    client = signed_in(world, "hr")
    response = client.get("/org/units/")
    assert response["Location"].startswith(VERIFY + "?next=")
    # a wrong code is refused and the page stays closed
    refused = client.post(VERIFY, {"code": "12345x", "next": "/org/units/"})
    assert "验证码不正确" in refused.content.decode()
    assert client.get("/org/units/").status_code == 302
    # the app's next code opens it
    response = client.post(VERIFY, {"code": code_for(key, later=1), "next": "/org/units/"})
    assert response.status_code == 302 and response["Location"] == "/org/units/"
    assert client.get("/org/units/").status_code == 200


def test_a_recovery_code_works_once(world, required):
    _key, codes = enrol(signed_in(world, "hr"))
    first = signed_in(world, "hr")
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/org/units/").status_code == 200
    # the same code again is refused
    second = signed_in(world, "hr")
    assert "验证码不正确" in second.post(VERIFY, {"code": codes[0]}).content.decode()
    assert RecoveryCode.objects.filter(used_at__isnull=True).count() == 9


def test_a_stolen_password_cannot_replace_the_authenticator(world, required):
    key, _codes = enrol(signed_in(world, "hr"))
    # given someone with the password only
    intruder = signed_in(world, "hr")
    # when they open the setup page, then they are asked for a code first, and the bound key stays
    response = intruder.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.get(user=world.users["hr"]).key == key


def test_the_api_token_needs_the_second_factor(world, required):
    api = Client()
    # HR without an authenticator is told to bind one on the pages
    response = api.post("/api/auth/token/", {"username": "hr", "password": PASSWORD})
    assert response.status_code == 400
    assert "请先在网页上启用两步验证" in response.json()["errors"]["otp_token"][0]
    key, codes = enrol(signed_in(world, "hr"))
    # without a code, or with a wrong one, no token
    for extra in ({}, {"otp_token": "000001" if code_for(key, later=1) != "000001" else "000002"}):
        response = api.post("/api/auth/token/", {"username": "hr", "password": PASSWORD, **extra})
        assert response.status_code == 400 and "otp_token" in response.json()["errors"]
    # with a recovery code, or the app's code once the wrong one's back-off has passed, a token
    by_code = api.post("/api/auth/token/", {"username": "hr", "password": PASSWORD, "otp_token": codes[3]})
    assert by_code.status_code == 200 and by_code.json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=65), tick=False):
        ok = api.post("/api/auth/token/", {"username": "hr", "password": PASSWORD, "otp_token": code_for(key)})
    assert ok.status_code == 200 and ok.json()["token"]


def test_the_security_administrator_resets_a_lost_authenticator(world, required):
    enrol(signed_in(world, "hr"))
    device = TOTPDevice.objects.get(user=world.users["hr"])
    secadmin = Client()
    secadmin.force_login(world.users["secadmin"])
    # the security administrator's own session has given its second factor
    enrol(secadmin)
    response = secadmin.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["hr"]).exists()
    assert not RecoveryCode.objects.filter(device__user=world.users["hr"]).exists()
