"""Wiring of the term goals: the audit words (their panels are in tenure.panels, registered with the terms')."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from common.audit_display import Field, register_actions, register_fields

    register_actions(
        {
            "tenure.goal.propose": _("提出任期目标"),
            "tenure.goal.resubmit": _("修改后重新提交任期目标"),
            "tenure.goal.review": _("审核任期目标"),
            "tenure.goal.approve": _("党组批准任期目标"),
            "tenure.goal.return": _("退回任期目标"),
        }
    )
    register_fields(
        "tenure.termgoal",
        {
            "unit_id": Field(label=_("单位"), related="org.Unit"),
            "cadre_id": Field(label=_("责任人"), related="org.Cadre"),
            "reviewed_by_id": Field(label=_("审核人"), related="auth.User"),
            "approved_by_id": Field(label=_("批准人"), related="auth.User"),
        },
    )
