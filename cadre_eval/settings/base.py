"""Settings shared by every way of running Cadre Eval. Values come from the environment through `env`."""

from datetime import timedelta
from pathlib import Path

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
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cadre-eval"},
    # What each process renders the same way for everyone of a kind (the navigation menu of a set of roles, in a
    # language): local memory always, so that a new release's processes start without the old release's markup.
    "process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cadre-eval-process"},
}

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

# Each topic's settings in a module of its own, read last: they may use what is above.
from .domain import *  # noqa: E402, F403
from .jobs import *  # noqa: E402, F403
from .security import *  # noqa: E402, F403
