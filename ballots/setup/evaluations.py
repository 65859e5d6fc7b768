"""Wiring of evaluations: the closing deadline (HR is reminded the day before and on the day; the evaluation is
sealed by `ballots.close_due` when the time has passed, whether or not anyone acts), the audit words and the demo."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, register

CLOSING_DEADLINE = "ballots.evaluation_closing"


def _open_evaluations():
    from ballots.models import Evaluation

    return Evaluation.objects.filter(state=Evaluation.State.OPEN).select_related("created_by", "unit")


def _describe(evaluation):
    return (
        _("民主测评即将截止:%(title)s") % {"title": evaluation.title},
        _("截止时间%(at)s。请关注各单位参评率;截止后系统自动结束测评并计票,未达最少有效票数的类别不予显示。")
        % {"at": timezone.localtime(evaluation.closes_at).strftime("%Y-%m-%d %H:%M")},
        reverse("ballots:evaluation_detail", kwargs={"pk": evaluation.pk}),
    )


EVALUATION_CLOSING = DeadlineKind(
    code=CLOSING_DEADLINE,
    label=gettext_lazy("民主测评截止"),
    queryset=_open_evaluations,
    due_date=lambda evaluation: timezone.localtime(evaluation.closes_at).date(),
    recipients=lambda evaluation: [evaluation.created_by],
    reminders=(Reminder.before(1), Reminder.on_due()),
    describe=_describe,
    unit_of=lambda evaluation: evaluation.unit,
    unit_field="unit",
)


def _audit_words() -> None:
    from common.audit_display import Field, register_actions, register_fields

    register_actions(
        {
            "ballots.evaluation.create": gettext_lazy("建立民主测评"),
            "ballots.evaluation.update": gettext_lazy("修改民主测评"),
            "ballots.evaluation.publish": gettext_lazy("发布民主测评"),
            "ballots.evaluation.reschedule": gettext_lazy("调整测评截止时间"),
            "ballots.evaluation.close": gettext_lazy("结束测评并计票"),
            "ballots.results.export": gettext_lazy("导出测评结果"),
        }
    )
    words = {
        "subjects": Field(label=gettext_lazy("测评对象"), render=lambda v: "、".join(v or [])),
        "items": Field(label=gettext_lazy("测评项目"), render=lambda v: "、".join(v or [])),
        "categories": Field(label=gettext_lazy("参评人员类别"), render=lambda v: "、".join(v or [])),
        "points": Field(label=gettext_lazy("等次折算分"), render=_points_text),
        "unit_id": Field(label=gettext_lazy("组织单位"), related="org.Unit"),
        "ballots": Field(label=gettext_lazy("有效票")),
        "head": Field(label=gettext_lazy("哈希链末端值")),
        "what": Field(label=gettext_lazy("内容")),
        "format": Field(label=gettext_lazy("文件格式")),
        "rows": Field(label=gettext_lazy("行数")),
    }
    register_fields("ballots.evaluation", words)


def _points_text(value) -> str:
    from ballots.scales import option_label

    return "、".join(f"{option_label(k)}{v}" for k, v in (value or {}).items())


def ready() -> None:
    """Registers this area's deadline kinds, audit words and demo (called from BallotsConfig.ready)."""
    from ballots.demo import demo_ballots_load
    from org.demo import register_extension

    register(EVALUATION_CLOSING)
    _audit_words()
    register_extension(demo_ballots_load)
