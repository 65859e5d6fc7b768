"""Production: PostgreSQL, Redis, real Celery workers and beat. Refuses to start without its secrets."""

from cadre_eval.env import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: a missing key stops the process
DATABASES = {"default": env.database("DATABASE_URL")}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
# Shared by every worker process: REDIS_CACHE_URL, else the broker's when it is Redis (the keys are prefixed, apart
# from Celery's), else each process's local memory. A published version's values are computed once for all workers.
_CACHE_URL = env.str("REDIS_CACHE_URL", "") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
if _CACHE_URL:
    CACHES = {
        **CACHES,  # noqa: F405 — the per-process cache stays local
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "cadre-eval",
        },
    }
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Two-factor login for the administrators, HR and the party committee (GB/T 22239-2019 8.1.4.1 d).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", True)

# The files of background jobs (import uploads, exported workbooks; common.jobs.files) in an S3-compatible store
# that the web and worker hosts share (MinIO, …), when STORAGE_S3_BUCKET is set; the local MEDIA_ROOT otherwise.
if env.has("STORAGE_S3_BUCKET"):
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("STORAGE_S3_BUCKET"),
                "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", "") or None,
                "region_name": env.str("STORAGE_S3_REGION", "") or None,
                "access_key": env.str("STORAGE_S3_ACCESS_KEY", "") or None,
                "secret_key": env.str("STORAGE_S3_SECRET_KEY", "") or None,
                "location": env.str("STORAGE_S3_PREFIX", ""),
                "addressing_style": env.str("STORAGE_S3_ADDRESSING_STYLE", "path"),
                "signature_version": "s3v4",
                "default_acl": None,  # the bucket's own policy: private
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
