"""The second factor: a TOTP authenticator app (django-otp), or one of the user's single-use recovery codes."""

import django_otp
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import RecoveryCodeDevice
from security.policy import second_factor_required


def second_factor_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _looks_like_totp(code: str) -> bool:
    return code.isdigit() and len(code) in (6, 8)


def second_factor_verify(*, user, code: str):
    """The device that accepts the code, or None. Six digits are tried on the authenticator, anything else as a
    recovery code, so a recovery code never counts as a failed authenticator attempt (which would slow the next one
    down)."""
    code = "".join(code.split())
    if not code:
        return None
    model = TOTPDevice if _looks_like_totp(code) else RecoveryCodeDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def second_factor_check(*, user, code: str) -> str | None:
    """For the API token: what stands in the way of a user who needs a second factor, or None."""
    if not second_factor_required(user):
        return None
    if not second_factor_enrolled(user):
        return _("请先在网页上启用两步验证,再申请接口令牌。")
    if not code.strip():
        return _("请填写动态验证码(验证器应用显示的六位数字)或一个恢复码。")
    if second_factor_verify(user=user, code=code) is None:
        return _("动态验证码不正确或已过期。")
    return None
