"""Enrolling and resetting the second factor. Every change is audited on the user."""

import secrets
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from common.audit import audit_log_record
from common.errors import refuse
from security.models import RecoveryCode, RecoveryCodeDevice, recovery_code_digest

RECOVERY_CODE_COUNT = 10


def _new_code() -> str:
    raw = b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits, 16 characters
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def totp_key_new() -> str:
    """A fresh authenticator secret (hex, as django-otp keeps it). It lives in the session until a code proves the app
    holds it; only then is a device stored."""
    return random_hex(20)


def totp_code_matches(*, key: str, code: str) -> bool:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = TOTP(unhexlify(key), step=30, digits=6)
    return totp.verify(int(code), tolerance=1)


@transaction.atomic
def totp_device_enrol(*, user, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """The first code from the app proves it holds the secret: a device with that key becomes the user's only
    authenticator, and a fresh set of recovery codes is returned (to be shown once)."""
    if not totp_code_matches(key=key, code=code):
        refuse(_("验证码不正确:请输入验证器应用当前显示的六位数字。"), "code")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, key=key, name=_("验证器应用"), confirmed=True)
    codes = recovery_codes_renew(user=user, audit=False)
    audit_log_record(actor=user, action="security.two_factor.enrol", subject=user, after={"device": device.name})
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, user, audit: bool = True) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Only their digests are stored."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": _("恢复码"), "confirmed": True}
    )
    device.codes.all().delete()
    codes = [_new_code() for _index in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, digest=recovery_code_digest(c)) for c in codes])
    if audit:
        audit_log_record(actor=user, action="security.two_factor.recovery_renew", subject=user)
    return codes


@transaction.atomic
def second_factor_reset(*, user, actor, reason: str) -> None:
    """The security administrator clears a user's authenticator and recovery codes (a lost phone); the user enrols
    again at the next sign-in."""
    if not reason.strip():
        refuse(_("请说明重置原因。"), "reason")
    if actor is not None and actor.pk == user.pk:
        refuse(_("不能重置自己的两步验证。"))
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    audit_log_record(actor=actor, action="security.two_factor.reset", subject=user, reason=reason)
