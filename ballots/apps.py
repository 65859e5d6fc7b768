import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area of the app wires itself (deadline kinds, audit words, the demo) in ballots.setup.<area>.
AREAS = ("evaluations", "codes")


class BallotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ballots"
    verbose_name = _("民主测评")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"ballots.setup.{area}").ready()
