from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"
    verbose_name = _("评分公平性分析")

    def ready(self):
        import analytics.read_audit  # noqa: F401  (its pages in the audit of reads)
