"""Sign-in policy on every request: a user whose role needs a second factor has given one this session, and a staff
user's password is younger than PASSWORD_MAX_AGE_DAYS. Pages send the user to the step that is missing; the API
answers 403 with what to do."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from security.policy import password_expiry_applies, second_factor_required
from security.receivers import PASSWORD_CHANGED_SESSION_KEY
from security.selectors import password_changed_at
from security.two_factor import second_factor_enrolled

# Where a user who still owes a step may go: signing in and out, the steps themselves, the language menu.
ALWAYS_OPEN = frozenset(
    {"login", "logout", "set_language", "healthz", "two_factor_verify", "two_factor_setup", "javascript-catalog"}
)
OPEN_PREFIXES = ("/static/", "/i18n/")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _refuse(request, url_name: str, message: str):
    if _is_api(request):
        return JsonResponse({"message": message, "errors": {}}, status=403)
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


def password_expired(request) -> bool:
    """The age is read from the session (set at sign-in), and the roles only for an old password, so that the check
    costs nothing on an ordinary request."""
    if settings.PASSWORD_MAX_AGE_DAYS <= 0:
        return False
    stamp = request.session.get(PASSWORD_CHANGED_SESSION_KEY)
    changed = parse_datetime(stamp) if stamp else None
    if changed is None:  # a session from before this check existed
        changed = password_changed_at(request.user)
        request.session[PASSWORD_CHANGED_SESSION_KEY] = changed.isoformat()
    if timezone.now() - changed <= datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS):
        return False
    return password_expiry_applies(request.user)


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return None
        name = request.resolver_match.url_name if request.resolver_match else None
        if name in ALWAYS_OPEN:
            return None
        if second_factor_required(user) and not user.is_verified():
            if second_factor_enrolled(user):
                return _refuse(request, "two_factor_verify", _("请先完成两步验证。"))
            return _refuse(request, "two_factor_setup", _("你的角色须启用两步验证:请先绑定验证器应用。"))
        if name != "password_change" and password_expired(request):
            return _refuse(
                request,
                "password_change",
                _("密码已使用超过 %(days)d 天,请修改密码后继续。") % {"days": settings.PASSWORD_MAX_AGE_DAYS},
            )
        return None
