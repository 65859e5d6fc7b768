import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area of the app wires itself (deadline kinds, landing-page panels, audit words, hooks) in recall.setup.<area>.
AREAS = ("cards", "cases", "deadlines", "warnings")


class RecallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recall"
    verbose_name = _("回炉再造")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"recall.setup.{area}").ready()
        import recall.previews  # noqa: F401  (the competition-loss import's preview job)
