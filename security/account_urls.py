"""Signing in and out (no namespace, next to Django's login): the second factor, the password, the API token."""

from django.urls import path

from security import api
from security.views import passwords, session, two_factor

urlpatterns = [
    path("accounts/logout/", session.LogoutView.as_view(), name="logout"),
    path("accounts/password/", passwords.password_change_page, name="password_change"),
    path("accounts/2fa/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/2fa/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/2fa/status/", two_factor.two_factor_status, name="two_factor_status"),
    path("accounts/2fa/recovery-codes/", two_factor.recovery_codes_page, name="recovery_codes"),
    path("api/auth/token/", api.ObtainTokenView.as_view(), name="api_token"),
    path("api/auth/logout/", api.LogoutView.as_view(), name="api_logout"),
]
