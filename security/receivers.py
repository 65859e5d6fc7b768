"""The session learns at sign-in when the password was last changed, so that the expiry check costs no query on
later requests (security.middleware)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from security.selectors import password_changed_at

PASSWORD_CHANGED_SESSION_KEY = "security.password_changed_at"  # noqa: S105 — a session key, not a secret


@receiver(user_logged_in, dispatch_uid="security.password_changed_at")
def remember_password_age(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[PASSWORD_CHANGED_SESSION_KEY] = password_changed_at(user).isoformat()
