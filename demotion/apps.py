import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area of the app wires itself (deadline kinds, landing-page panels, audit words, hooks) in demotion.setup.<area>.
AREAS = ("cases", "letters", "measures", "tolerance", "warnings")


class DemotionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "demotion"
    verbose_name = _("能上能下")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"demotion.setup.{area}").ready()
