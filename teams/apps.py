import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area of the app wires itself (deadline kinds, audit words, the demo) in teams.setup.<area>.
AREAS = ("teams", "grades")


class TeamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teams"
    verbose_name = _("领导班子")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"teams.setup.{area}").ready()
