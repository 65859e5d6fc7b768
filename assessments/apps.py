from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("考核")

    def ready(self):
        # Celery finds `assessments.tasks` by itself; the results package's tasks are imported here.
        import assessments.audit_labels  # noqa: F401  (the audit history's words)
        import assessments.results.tasks  # noqa: F401
        import assessments.results.warning_tasks  # noqa: F401
        from assessments import panels  # noqa: F401  (the committee's and the cadre's page sections)
        from assessments.deadlines import register_deadlines
        from assessments.demo import demo_scoring_load
        from org.demo import register_extension

        register_extension(demo_scoring_load)
        register_deadlines()
