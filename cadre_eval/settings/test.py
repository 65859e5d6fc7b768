"""Tests: the database and broker from the environment when given (CI: PostgreSQL and Redis), fast hashing."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process; the real-worker test starts its own worker against CELERY_BROKER_URL.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
# pytest-django wraps each test in a transaction; sending inside it is fine there.
NOTICE_ALLOW_SEND_IN_TRANSACTION = True
