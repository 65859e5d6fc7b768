from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Signing in and what guards it: API tokens, two-factor login, password rules, the three administrators, and
    the audit administrator's pages."""

    name = "security"
    verbose_name = _("安全管理")

    def ready(self):
        import security.audit_labels  # noqa: F401  (the audit history's words)
        import security.read_audit  # noqa: F401  (its pages in the audit of reads)
        import security.receivers  # noqa: F401  (the session learns when the password last changed)
        from org.demo import register_extension
        from security.demo import load_administrators

        register_extension(load_administrators)
