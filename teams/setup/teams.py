"""Wiring of teams: the audit words and the demo."""

from django.utils.translation import gettext_lazy


def ready() -> None:
    """Registers this area's audit words and demo (called from TeamsConfig.ready)."""
    from common.audit_display import Field, register_actions, register_fields
    from org.demo import register_extension
    from teams.demo import demo_teams_load

    register_actions(
        {
            "teams.team.create": gettext_lazy("建立领导班子"),
            "teams.profile.set": gettext_lazy("登记班子成员信息"),
            "teams.post_evaluation.record": gettext_lazy("录入班子后评估"),
        }
    )
    register_fields(
        "teams.post_evaluation.record",
        {
            "evaluated_on": Field(label=gettext_lazy("评估日期")),
            "scores": Field(label=gettext_lazy("各维度得分"), render=_scores_text),
            "outstanding": Field(label=gettext_lazy("出彩型干部"), render=lambda v: "、".join(v or [])),
        },
    )
    register_extension(demo_teams_load)


def _scores_text(value) -> str:
    from teams.models import Dimension

    labels = {d.value: str(d.label) for d in Dimension}
    return "、".join(f"{labels.get(k, k)}{v}" for k, v in (value or {}).items())
