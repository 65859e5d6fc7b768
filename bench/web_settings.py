"""bench/web.py's gunicorn settings: the production settings as they are, served over plain HTTP on the loopback, with
the benchmark's URLconf (bench/web_urls.py: the application's URLs and the bare views beside them)."""

from cadre_eval.settings.production import *  # noqa: F403

ROOT_URLCONF = "web_urls"
# Static URLs without collectstatic's manifest (the pages' bytes differ only in the file names of their assets).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
