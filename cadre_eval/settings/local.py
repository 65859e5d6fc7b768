"""The embedded default: SQLite, Celery eager. Nothing but Python is needed.

Debug is off unless DJANGO_DEBUG says otherwise, so that `make run` shows the application's own error pages (in
Chinese) rather than Django's debug pages; whitenoise then serves the static files straight from their folders."""

from cadre_eval.env import env

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env.bool("DJANGO_DEBUG", False)
# Without DEBUG, runserver serves no static files; whitenoise finds them where they are (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key():
    # A per-checkout key, kept out of version control, so the embedded default needs no setup.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        key_file.write_text(get_random_string(64))
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", "") or _local_secret_key()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if CELERY_TASK_ALWAYS_EAGER:  # noqa: F405
    # Tasks run in the web process here: their per-task lines and the broker-less connection notice are noise.
    LOGGING["loggers"].update(  # noqa: F405
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
    )
