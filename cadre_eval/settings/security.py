"""Signing in, tokens, the audit trail, personal information and the content security policy (等保 2.0)."""

from datetime import timedelta

from csp.constants import NONCE, NONE, SELF

from cadre_eval.env import env

from .base import AUTHENTICATION_BACKENDS, MIDDLEWARE, SESSION_COOKIE_AGE

# Single sign-on behind a trusted proxy (org.sso): off unless switched on. The proxy authenticates the person and
# passes the username in a header; only requests from CADRE_REMOTE_USER_PROXIES may carry it, and the header names
# an existing login (none is created). Password login stays.
CADRE_REMOTE_USER_ENABLED = env.bool("CADRE_REMOTE_USER_ENABLED", False)
CADRE_REMOTE_USER_HEADER = env.str("CADRE_REMOTE_USER_HEADER", "HTTP_X_REMOTE_USER")
CADRE_REMOTE_USER_PROXIES = env.list("CADRE_REMOTE_USER_PROXIES", ["127.0.0.1", "::1"])
# True when the proxy authenticates only some paths (a sign-in URL): the session then outlives the header.
CADRE_REMOTE_USER_PERSISTENT = env.bool("CADRE_REMOTE_USER_PERSISTENT", False)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "org.sso.TrustedRemoteUserMiddleware",
)
AUTHENTICATION_BACKENDS.append("org.sso.CadreRemoteUserBackend")
# --- Signing in (GB/T 22239-2019 8.1.4.1 身份鉴别; README "等保 2.0") ---------------------------------------------
# Staff roles: the administrators (the installer superuser and the three of 三员分立), HR and the party committee.
STAFF_ROLES = ["admin", "sysadmin", "secadmin", "auditadmin", "hr", "committee"]
# Two-factor login (TOTP authenticator app, or a recovery code) for these roles: on in production, off here.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", False)
TWO_FACTOR_ROLES = env.list("TWO_FACTOR_ROLES", STAFF_ROLES)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", "干部考核管理系统")
# Passwords: a staff user changes theirs after this many days (0: never); none of the last few may come back.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_EXPIRY_ROLES = env.list("PASSWORD_EXPIRY_ROLES", STAFF_ROLES)
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", 5)

# API tokens (django-rest-knox): only for the roles that exchange data with other systems; a token expires after
# API_TOKEN_IDLE_SECONDS unused (each use moves it on), and API_TOKEN_MAX_SECONDS after it was issued in any case.
API_TOKEN_ROLES = env.list("API_TOKEN_ROLES", ["hr", "committee"])
API_TOKEN_IDLE_SECONDS = env.int("API_TOKEN_IDLE_SECONDS", SESSION_COOKIE_AGE)
API_TOKEN_MAX_SECONDS = env.int("API_TOKEN_MAX_SECONDS", 7 * 24 * 60 * 60)
REST_KNOX = {
    "TOKEN_TTL": timedelta(seconds=API_TOKEN_IDLE_SECONDS),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(seconds=API_TOKEN_MAX_SECONDS),
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}

# --- The audit trail (GB/T 22239-2019 8.1.4.3 安全审计) ------------------------------------------------------------
# Audit rows (changes and reads) are kept at least this many days; `manage.py purge_audit` removes older ones. The
# network security law asks for six months at least, so less is refused.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180 (six months).")
# 剩余信息保护 (8.1.4.10): an exported file is deleted this many days after it was made (beat's residual-expire).
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", 7)
if EXPORT_RETENTION_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EXPORT_RETENTION_DAYS must be at least 1.")
# Personal information: whether a cadre's own page also lists who read their records.
PRIVACY_SHOW_READERS = env.bool("PRIVACY_SHOW_READERS", False)
# Raters outside a subtree HR user's scope: "pseudonym" shows them as 评议人 A, B, … with neither identity nor the
# scores they gave (their count stays); "full" shows every rater of the ratees in scope, as before.
RATER_IDENTITY_OUTSIDE_SCOPE = env.str("RATER_IDENTITY_OUTSIDE_SCOPE", "pseudonym")
if RATER_IDENTITY_OUTSIDE_SCOPE not in ("pseudonym", "full"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('RATER_IDENTITY_OUTSIDE_SCOPE must be "pseudonym" or "full".')

# --- Content-Security-Policy (django-csp 4; GB/T 22239-2019 8.1.4.4 入侵防范) -------------------------------------------
# Scripts and styles only from this site's own files: no inline script, style element or style attribute runs unless
# it carries the request's nonce (the API documentation's one style block does). Bootstrap draws some icons from
# data: URIs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
