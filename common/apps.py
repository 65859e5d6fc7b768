from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("公共")

    def ready(self):
        from django.db.models.signals import post_migrate

        import common.audit_labels  # noqa: F401  (the audit history's words)
        import common.read_audit_domain  # noqa: F401  (the domain apps' pages in the audit of reads)
        from common.audit_guard import install_append_only_triggers

        # After every migrate (and the test database's creation): PostgreSQL refuses to change or delete audit rows.
        post_migrate.connect(install_append_only_triggers, sender=self, dispatch_uid="common.audit_guard")
