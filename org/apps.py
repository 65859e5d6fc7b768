from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("组织与干部")

    def ready(self):
        import org.audit_labels  # noqa: F401  (the audit history's words)
        import org.read_audit  # noqa: F401  (its pages in the audit of reads)
        import org.roster.previews  # noqa: F401  (the roster's preview job)
        from org.services import warnings

        warnings.register()  # 退休预警 and 试用期满预警 in the early-warning catalog (notices.warnings)
