"""Two-factor sign-in pages: enrolling an authenticator app (QR code), giving a code after the password, and renewing
the recovery codes. Recovery codes are shown once, on the page that creates them, and never again."""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.errors import ApplicationError, add_error_to_form
from security.forms import CodeForm
from security.models import RecoveryCodeDevice
from security.selectors import recovery_codes_left
from security.services.two_factor import recovery_codes_renew, totp_device_enrol, totp_key_new
from security.two_factor import second_factor_enrolled, second_factor_verify
from security.views.redirects import next_url

PENDING_KEY = "security.totp_pending_key"


def _config_url(request, key: str) -> str:
    # The otpauth:// address the app reads, built by django-otp from an unsaved device with the pending key.
    return TOTPDevice(user=request.user, key=key).config_url


def _qr_svg(url: str) -> str:
    # Inline SVG: no inline script or style, and no image source beyond 'self' for the CSP to allow.
    return segno.make(url, error="m").svg_inline(scale=5, light="#fff")


def _secret(key: str) -> str:
    raw = b32encode(unhexlify(key)).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def two_factor_setup(request):
    """Bind an authenticator app. An account that already has one must give a code first (two_factor_verify), so a
    stolen password alone cannot replace the authenticator. The secret waits in the session until the app's first
    code proves it was scanned."""
    enrolled = second_factor_enrolled(request.user)
    if enrolled and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
    key = request.session.get(PENDING_KEY) or totp_key_new()
    request.session[PENDING_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_device_enrol(user=request.user, key=key, code=form.cleaned_data["code"])
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            del request.session[PENDING_KEY]
            otp_login(request, device)
            return render(request, "security/recovery_codes.html", {"codes": codes, "next": next_url(request)})
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(_config_url(request, key)),
            "secret": _secret(key),
            "replacing": enrolled,
            "next": next_url(request),
        },
    )


def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app, or one recovery code."""
    if not second_factor_enrolled(request.user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': next_url(request)})}")
    if request.user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, RecoveryCodeDevice):
                left = recovery_codes_left(user=request.user)
                messages.warning(
                    request, _("已使用一个恢复码,还剩 %(left)d 个。请尽快在“两步验证”页面重新生成。") % {"left": left}
                )
            return redirect(next_url(request))
        form.add_error("code", _("验证码不正确或已过期,请重试。"))
    return render(request, "security/two_factor_verify.html", {"form": form, "next": next_url(request)})


def two_factor_status(request):
    """What the user has bound, and the way to renew recovery codes or replace the authenticator."""
    return render(
        request,
        "security/two_factor_status.html",
        {
            "enrolled": second_factor_enrolled(request.user),
            "verified": request.user.is_verified(),
            "left": recovery_codes_left(user=request.user),
        },
    )


@require_POST
def recovery_codes_page(request):
    """New recovery codes, shown once. Only in a session that has given its second factor."""
    if not (second_factor_enrolled(request.user) and request.user.is_verified()):
        return redirect(reverse("two_factor_status"))
    codes = recovery_codes_renew(user=request.user)
    return render(request, "security/recovery_codes.html", {"codes": codes, "next": reverse("two_factor_status")})
