import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area wires itself (audit words, landing-page sections) in overview.setup.<area>.
AREAS = ("year", "history")


class OverviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "overview"
    verbose_name = _("年度概览")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"overview.setup.{area}").ready()
