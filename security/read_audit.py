"""The audit administrator's own reads: the trail names people, so reading it is recorded too (common.read_audit)."""

from django.utils.translation import gettext_lazy as _

from common.read_audit import register

register("security:audit_log", _("审计记录"), listing=True)
register("security:audit_export", _("审计记录导出"), listing=True)
