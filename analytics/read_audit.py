"""analytics' pages and endpoints in the audit of reads (common.read_audit): each lists many cadres' scores."""

from django.utils.translation import gettext_lazy as _

from common.read_audit import register

register("analytics:leniency", _("评分人宽严分析"), listing=True)
register("analytics:leniency_export", _("评分人宽严分析导出"), listing=True)
register("analytics_api:leniency-list", _("评分人宽严分析(接口)"), listing=True)
register("analytics:fairness", _("组内公平分析"), listing=True)
register("analytics:fairness_export", _("组内公平分析导出"), listing=True)
register("analytics_api:fairness-list", _("组内公平分析(接口)"), listing=True)
register("analytics:moved", _("调离干部评分对比"), listing=True)
register("analytics:moved_export", _("调离干部评分对比导出"), listing=True)
register("analytics_api:moved-list", _("调离干部评分对比(接口)"), listing=True)
