"""The words for the audit rows of terms, placements, the policy and the economic responsibility audits (goals and
evaluations name theirs in tenure.setup.goals and tenure.setup.evaluations)."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields


def _post_kinds(value) -> str:
    from org.models import Post
    from tenure.models import Regime

    kinds, regimes = dict(Post.Kind.choices), dict(Regime.choices)
    return "、".join(f"{kinds.get(k, k)}·{regimes.get(r, r)}" for k, r in (value or {}).items()) or "—"


register_actions(
    {
        "tenure.policy.create": _("设立任期制办法新版本"),
        "tenure.system.save": _("设置考评系统"),
        "tenure.term.create": _("计算任期"),
        "tenure.term.update": _("重新计算任期"),
        "tenure.term.delete": _("撤销任期"),
        "tenure.placement.record": _("党组决定届满安置"),
        "tenure.audit.plan": _("列入经济责任审计计划"),
        "tenure.audit.notify": _("送达审计通知书"),
        "tenure.audit.fieldwork": _("开始现场审计"),
        "tenure.audit.draft": _("送达审计报告征求意见稿"),
        "tenure.audit.reply": _("提交书面意见"),
        "tenure.audit.report": _("出具审计报告"),
        "tenure.audit.rectify": _("责令整改"),
        "tenure.audit.close": _("审计办结"),
        "tenure.audit.cancel": _("取消审计"),
    }
)
register_fields(
    "tenure.term",
    {
        "cadre_id": Field(label=_("干部"), related="org.Cadre"),
        "post_id": Field(label=_("职务"), related="org.Post"),
        "policy_id": Field(label=_("适用办法"), related="tenure.TenurePolicy"),
    },
)
register_fields("tenure.system.save", {"units": Field(label=_("所含单位"), related="org.Unit")})
register_fields(
    "tenure.tenurepolicy",
    {
        "post_kinds": Field(label=_("实行任期制的职务类别"), render=_post_kinds),
        "caps": Field(label=_("任职上限"), render=lambda caps: "、".join(caps) if caps else "—"),
    },
)
register_fields(
    "tenure.placement",
    {
        "new_post_id": Field(label=_("新任职务"), related="org.Post"),
        "new_appointment_id": Field(label=_("新任职"), related="org.Appointment"),
    },
)
register_fields(
    "tenure.economicaudit",
    {
        "cadre_id": Field(label=_("被审计干部"), related="org.Cadre"),
        "late": Field(label=_("逾期提交")),
    },
)
