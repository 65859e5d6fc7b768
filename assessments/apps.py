import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each part of the app wires itself (deadline kinds, demo, landing-page sections, audit words) in assessments.setup.
SETUP = ("scoring", "panels", "audit_words", "deadlines", "warnings", "jobs")


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("考核")

    def ready(self):
        import assessments.tasks  # noqa: F401  (every task registered, also where no worker autodiscovers them)

        for part in SETUP:
            module = importlib.import_module(f"assessments.setup.{part}")
            if hasattr(module, "ready"):
                module.ready()
