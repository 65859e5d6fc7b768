"""Wiring of team grades: the improvement deadline of a 三类 team (HR is reminded before it, on the day and after it
until the consequence is recorded as done), and the audit words."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, register

IMPROVEMENT_DEADLINE = "teams.improvement"


def _open_improvements():
    from teams.models import Consequence

    return Consequence.objects.filter(
        kind=Consequence.Kind.IMPROVEMENT, done_on__isnull=True, due_date__isnull=False
    ).select_related("grade__team__unit", "grade__team__created_by")


def _describe(consequence):
    team = consequence.grade.team
    return (
        _("班子限期整改:%(team)s") % {"team": team},
        _("%(year)s年度评定为三类班子,整改期限%(due)s。请督促整改并在班子页面登记办理情况。")
        % {"year": consequence.grade.year, "due": consequence.due_date.isoformat()},
        reverse("teams:team_detail", kwargs={"pk": team.pk}),
    )


IMPROVEMENT = DeadlineKind(
    code=IMPROVEMENT_DEADLINE,
    label=gettext_lazy("三类班子限期整改"),
    queryset=_open_improvements,
    due_date=lambda consequence: consequence.due_date,
    recipients=lambda consequence: [consequence.grade.team.created_by],
    reminders=(Reminder.before(5), Reminder.on_due(), Reminder.after(1)),
    describe=_describe,
    unit_of=lambda consequence: consequence.grade.team.unit,
    unit_field="grade__team__unit",
)


def _grade_label(value) -> str:
    from teams.models import Grade

    return str(Grade(value).label) if value in Grade.values else str(value)


def ready() -> None:
    """Registers this area's deadline kind and audit words (called from TeamsConfig.ready)."""
    from common.audit_display import Field, register_actions, register_fields

    register(IMPROVEMENT)
    register_actions(
        {
            "teams.grade.decide": gettext_lazy("评定班子类别"),
            "teams.consequence.complete": gettext_lazy("登记结果运用办理情况"),
        }
    )
    register_fields(
        "teams.grade.decide",
        {
            "consequences": Field(label=gettext_lazy("结果运用"), render=lambda v: "、".join(v or [])),
            "evaluation_score": Field(label=gettext_lazy("民主测评得分")),
            "year": Field(label=gettext_lazy("年度")),
            "grade": Field(label=gettext_lazy("班子类别"), render=_grade_label),
            "decided_on": Field(label=gettext_lazy("评定日期")),
        },
    )
