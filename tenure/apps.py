import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each area of the app wires itself (org's checks and listener, deadline kinds, panels, audit words, the demo) in
# tenure.setup.<area>.
AREAS = ("terms", "goals", "evaluations", "audits")


class TenureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tenure"
    verbose_name = _("任期制")

    def ready(self):
        for area in AREAS:
            importlib.import_module(f"tenure.setup.{area}").ready()
