"""The words for the step-down cases' audit rows."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields

register_actions(
    {
        "demotion.stepdown.open": _("启动主动让贤"),
        "demotion.stepdown.apply": _("提交主动让贤申请"),
        "demotion.stepdown.approve": _("党组准予主动让贤"),
        "demotion.stepdown.reject": _("党组不予准予"),
        "demotion.stepdown.execute": _("安排适当工作"),
        "demotion.stepdown.escalate": _("逾期未申请,转组织调整"),
        "demotion.stepdown.withdraw": _("撤回主动让贤事项"),
        "demotion.stepdown.adjust": _("党组决定组织调整"),
    }
)
register_fields(
    "demotion.stepdowncase",
    {
        "organization_id": None,
        "publication_id": None,
        "run_id": Field(label=_("结果版本"), related="assessments.ResultRun"),
        "cadre_id": Field(label=_("干部"), related="org.Cadre"),
        "appointment_id": Field(label=_("现任职务"), related="org.Appointment"),
        "new_post_id": Field(label=_("新安排职务"), related="org.Post"),
        "measure_id": Field(label=_("组织处理措施"), related="org.SanctionRecord"),
    },
)
