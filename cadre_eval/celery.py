import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_eval.settings.local")

app = Celery("cadre_eval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
