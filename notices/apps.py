from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("通知与期限")

    def ready(self):
        import notices.audit_labels  # noqa: F401  (the words of its audit rows)
        import notices.read_audit  # noqa: F401  (its pages in the audit of reads)
        from notices.warnings.demo import demo_warnings_load
        from org.demo import register_extension

        register_extension(demo_warnings_load, last=True)
