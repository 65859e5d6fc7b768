"""Settings shared by every way of running Cadre Eval. Values come from the environment through `env`."""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from cadre_eval.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("CADRE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "common",
    "org",
    "notices",
    "assessments",
    "demotion",
    "security",
    "recall",
    "ballots",
    "teams",
    "tenure",
    "overview",
    "analytics",
    "papers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.SessionRenewalMiddleware",
    "common.middleware.ChosenLanguageOnlyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The client address on every audit row the request writes, and the audit of reads of people's records.
    "common.read_audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "common.middleware.LoginRequiredByDefaultMiddleware",
    "security.middleware.SignInPolicyMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadre_eval.urls"
WSGI_APPLICATION = "cadre_eval.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.context_processors.roles",
                "notices.context_processors.unread_notices",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cadre_eval.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a writer instead of failing at once when the dev server and a task write together.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # AxesBackend first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The three administrators' admin permissions (security.admin_policy).
    "security.backends.AdminRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Length and kinds of characters, and no reuse of the last PASSWORD_HISTORY_COUNT (which it also records).
    {
        "NAME": "security.validators.CharacterClassesValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", 10), "min_classes": 3},
    },
    {"NAME": "security.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The cache of what published result versions show (assessments.selectors.version_cache): local memory, per process,
# in the embedded default and the tests; Redis in production (settings/production.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cadre-eval"}}

# A working day idle ends the session. A request renews it, but the session row is written again only once its last
# write is SESSION_RENEW_SECONDS old (common.middleware.SessionRenewalMiddleware), not on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout (django-axes): 5 failures for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The client's address (lockouts, the audit trail): behind N trusted reverse proxies it is the N-th address from the
# right of X-Forwarded-For (each proxy appends the address it was called from, so what a client writes there itself
# stays on the left and is never read); with none, the header is ignored and the socket's address is used.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more.")
# django-ipware counts the proxies listed in the header, i.e. all but the one the socket comes from.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
# A longer header than the proxies account for is the client's own addition: read past it, not refused.
IPWARE_STRICT = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# Backup and restore (`manage.py backup`, `manage.py restore`): the folder holding pg_dump and pg_restore; empty: the
# PATH. Their major version must be at least the PostgreSQL server's.
PG_BIN = env.str("PG_BIN", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "cadre-eval@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that an anonymous API call is answered 401 with its WWW-Authenticate header.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: an endpoint opens only by naming its own permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "common.api.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadre Eval API",
    "DESCRIPTION": "干部考核与能上能下管理系统 API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation are for staff (who write integrations), not for every signed-in cadre.
    "SERVE_PERMISSIONS": ["org.permissions.Staff"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; name the enums the API shows so that each keeps its own name.
    "ENUM_NAME_OVERRIDES": {
        "SanctionKindEnum": "org.models.SanctionRecord.Kind",
        "MeasureKindEnum": "demotion.api.measures.MEASURE_CHOICES",
        "DismissalProtectionKindEnum": "demotion.models.DismissalProtection.Kind",
        "UnitKindEnum": "org.models.Unit.Kind",
        "PostKindEnum": "org.models.Post.Kind",
        "AppointmentEndReasonEnum": "org.models.Appointment.EndReason",
        "HrEndReasonEnum": "org.services.appointments.HR_END_REASONS",
        "EconomicAuditKindEnum": "tenure.models.EconomicAudit.Kind",
        "TermGoalKindEnum": "tenure.models.TermGoal.Kind",
        "TermGoalScopeEnum": "tenure.models.TermGoal.Scope",
        "TermCapScopeEnum": "tenure.models.TermCap.Scope",
    },
}

# Celery: lose nothing. A task is acknowledged only after it ran, is re-queued when its worker dies,
# and a worker holds one task at a time. Redis re-delivers an unacknowledged task after the visibility
# timeout, which therefore sits above the longest hard time limit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 30 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Periodic jobs, all declared here (the database scheduler picks them up at beat start).
CELERY_BEAT_SCHEDULE = {
    "notices-scan": {"task": "notices.scan", "schedule": env.int("NOTICE_SCAN_INTERVAL_SECONDS", 300)},
    # 主动让贤: opens the cases of every published year (missed by nothing) and escalates those past their deadline.
    "demotion-stepdown-sweep": {"task": "demotion.stepdown_sweep", "schedule": 15 * 60},
    # 主动让贤承诺书: a letter for every new middle-manager appointment.
    "demotion-letters-sync": {"task": "demotion.letters_sync", "schedule": 60 * 60},
    # The audit chains are sealed after each commit; this seals whatever a process that died in between left.
    "audit-seal": {"task": "common.audit_seal", "schedule": 60},
    # 回炉再造: withdraws the recall cases a revised grade no longer supports (missed by nothing).
    "recall-sweep": {"task": "recall.sweep", "schedule": 60 * 60},
    # 民主测评: seals the evaluations whose closing time has passed.
    "ballots-close-due": {"task": "ballots.close_due", "schedule": 5 * 60},
    # 任期: starts the next term of appointments that run on, and catches what reached appointments past the services.
    "tenure-terms-sync": {"task": "tenure.terms_sync", "schedule": 60 * 60},
    # 剩余信息保护: deletes exported files past EXPORT_RETENTION_DAYS and import previews never confirmed (audited).
    "residual-expire": {"task": "common.residual_expire", "schedule": 60 * 60},
    # 年度考核结果: marks failed the computations whose worker died (their lease passed), so HR can compute again.
    "results-runs-reap": {"task": "assessments.results_runs_reap", "schedule": env.int("RESULTS_RUN_REAP_SECONDS", 60)},
    # A background job whose worker died (its lease expired while running) is marked failed, its upload removed.
    "jobs-reap-dead": {"task": "common.jobs_reap_dead", "schedule": 60},
    # 预警目录: every early-warning kind that has a scan, once a day (each warning told once; safe to run twice).
    "notices-warnings-scan": {"task": "notices.warnings_scan", "schedule": 24 * 60 * 60},
}
# A running background job's lease (common.jobs): renewed with each progress step; past it, the job is taken for one
# whose worker died.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", 5 * 60)

# 退休年龄预警 (notices.warnings, org.services.warnings): the retirement age by gender, and by rank grade where it
# differs. The first rule whose `rank` words appear in the cadre's 职级 (an empty `rank` matches any) and whose gender
# is the cadre's gives the age before the gradual raising; a cadre within `RETIREMENT_WARNING_MONTHS` of the day is
# warned about. The base ages are the long-standing ones (男 60; 女 55, 处级女干部 60); the raising decided in 2024
# (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, from 1 January 2025) is applied to them by
# org.services.warnings.retirement_day unless a rule says "gradual": False.
RETIREMENT_AGES = [
    {"gender": "M", "rank": "", "years": 60},
    {"gender": "F", "rank": "处", "years": 60},
    {"gender": "F", "rank": "", "years": 55},
]
RETIREMENT_WARNING_MONTHS = 12
# 试用期满预警 (org.services.warnings): an open appointment whose probation (试用期, 《党政领导干部选拔任用工作条例》
# 第五十七条: one year for a newly promoted leader) ends within this many days is told to HR, to arrange its review.
PROBATION_WARNING_DAYS = env.int("PROBATION_WARNING_DAYS", 30)

# Notices: a claimed e-mail whose worker died is offered again after the lease; failures back off exponentially.
CADRE_BASE_URL = env.str("CADRE_BASE_URL", "http://127.0.0.1:8000")
NOTICE_CLAIM_LEASE_SECONDS = env.int("NOTICE_CLAIM_LEASE_SECONDS", 10 * 60)
NOTICE_EMAIL_MAX_ATTEMPTS = env.int("NOTICE_EMAIL_MAX_ATTEMPTS", 6)
NOTICE_EMAIL_BACKOFF_SECONDS = env.int("NOTICE_EMAIL_BACKOFF_SECONDS", 60)
NOTICE_SCAN_MAX_SECONDS = env.int("NOTICE_SCAN_MAX_SECONDS", 4 * 60)
# Sender tasks per scan; run workers with at least this much concurrency in all.
NOTICE_SENDERS = env.int("NOTICE_SENDERS", 2)
NOTICE_ALLOW_SEND_IN_TRANSACTION = False

# Annual results: a whole-year computation of at least this many memberships runs on PostgreSQL in shares of its
# groups at once, one database connection (and so one server core) each.
RESULTS_PARALLEL_WORKERS = env.int("RESULTS_PARALLEL_WORKERS", min(os.cpu_count() or 1, 4))
RESULTS_PARALLEL_MIN_MEMBERS = env.int("RESULTS_PARALLEL_MIN_MEMBERS", 50_000)
# A running computation holds a lease its worker renews every RESULTS_RUN_HEARTBEAT_SECONDS (from a thread of its own,
# so a long statement does not stop it); a run whose lease has passed has lost its worker and is marked failed by the
# "results-runs-reap" periodic job (every RESULTS_RUN_REAP_SECONDS) at most lease + interval after the worker died.
RESULTS_RUN_LEASE_SECONDS = env.int("RESULTS_RUN_LEASE_SECONDS", 120)
RESULTS_RUN_HEARTBEAT_SECONDS = env.int("RESULTS_RUN_HEARTBEAT_SECONDS", 30)

# Democratic evaluation: the key of the one-time codes' HMAC (ballots.codes); empty: derived from SECRET_KEY.
BALLOT_CODE_KEY = env.str("BALLOT_CODE_KEY", "")

CADRE_DEMO_PASSWORD = env.str("CADRE_DEMO_PASSWORD", "demo12345")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 401/403/404/405 is logged as one line (status and path), never with a traceback.
    "filters": {"refusals_on_one_line": {"()": "common.request_log.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django.request": {"filters": ["refusals_on_one_line"]}},
}

ADMIN_SITE_HEADER = _("干部考核管理系统")

# Cadres' logins (org.accounts): the username a cadre's login gets ({employee_no} = 工号; {organization} = the
# organization's code, for one installation serving several organizations), and how long an activation code lasts.
CADRE_USERNAME_FORMAT = env.str("CADRE_USERNAME_FORMAT", "{employee_no}")
CADRE_ACTIVATION_DAYS = env.int("CADRE_ACTIVATION_DAYS", 14)

# What an import file may hold (common.imports.reading): data rows, columns, characters in a cell, and for an xlsx
# its unpacked size, its largest part and how far a part may be compressed. A file over any limit is refused at the
# preview with the limit and where it was hit.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", 60)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", 2_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_PART_BYTES = env.int("IMPORT_MAX_PART_BYTES", 120 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_PARTS = env.int("IMPORT_MAX_PARTS", 500)

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
