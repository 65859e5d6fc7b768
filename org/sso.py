"""Single sign-on behind a trusted proxy: Django's REMOTE_USER support, switched on by CADRE_REMOTE_USER_ENABLED.

The proxy (nginx with the bureau's SSO, see the README) authenticates the person and passes the username in a
header (CADRE_REMOTE_USER_HEADER, X-Remote-User by default). A header is believed only from the proxy's address
(CADRE_REMOTE_USER_PROXIES); from anywhere else, or with the switch off, it is dropped before anything reads it.
The username names an existing, active login — a cadre's (by the username the roster gave it) or a staff user's;
no login is created for a name the application does not know, and the administrator signs in with a password.
Password login stays for everyone.
"""

from django.conf import settings
from django.contrib.auth.backends import RemoteUserBackend
from django.contrib.auth.middleware import RemoteUserMiddleware


class TrustedRemoteUserMiddleware(RemoteUserMiddleware):
    # The settings are read on each request, so that switching SSO on is a setting, not a change of MIDDLEWARE.
    async_capable = False  # type: ignore[assignment]  # WSGI only: RemoteUserMiddleware reads the header differently on its async path

    @property
    def header(self) -> str:  # type: ignore[override]  # read from the settings on each request
        return settings.CADRE_REMOTE_USER_HEADER

    @property
    def force_logout_if_no_header(self) -> bool:  # type: ignore[override]  # read from the settings on each request
        return not settings.CADRE_REMOTE_USER_PERSISTENT

    def __call__(self, request):
        if not self._trusted(request):
            request.META.pop(self.header, None)
            return self.get_response(request)
        return super().__call__(request)

    @staticmethod
    def _trusted(request) -> bool:
        return settings.CADRE_REMOTE_USER_ENABLED and request.META.get("REMOTE_ADDR") in set(
            settings.CADRE_REMOTE_USER_PROXIES
        )


class CadreRemoteUserBackend(RemoteUserBackend):
    """Maps the proxy's username to an existing login; never creates one, never signs in the administrator."""

    create_unknown_user = False

    def clean_username(self, username: str) -> str:
        return username.strip()

    def authenticate(self, request, remote_user):  # type: ignore[override]  # RemoteUserBackend's own signature
        if not settings.CADRE_REMOTE_USER_ENABLED or not remote_user:
            return None
        user = super().authenticate(request, remote_user)
        if user is None or user.is_superuser:
            return None
        return user
