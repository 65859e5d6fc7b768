"""Wiring of scoring: the scoring deadline (raters who still owe scores in an open period with a due date are
reminded before it, and the organization's HR is told once it has passed) and the scoring demo."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Period, RaterAssignment, Scheme, Score
from notices.registry import DeadlineKind, Reminder, register
from org.models import RoleAssignment

CODE = "assessments.scoring"


def raters_owing(period: Period):
    """Users of the raters who have at least one assigned cell without a score in this period."""
    frequencies = [f for f, kinds in PERIOD_KINDS_BY_FREQUENCY.items() if period.kind in kinds]
    missing = RaterAssignment.objects.filter(scheme_id=period.scheme_id, component__frequency__in=frequencies).exclude(
        Exists(
            Score.objects.filter(
                period=period,
                component_id=OuterRef("component_id"),
                rater_id=OuterRef("rater_id"),
                ratee_id=OuterRef("ratee_id"),
            )
        )
    )
    return get_user_model().objects.filter(pk__in=missing.values("rater__user_id"))


def hr_of(period: Period):
    """The organization-wide HR users, when someone still owes scores after the due date."""
    if not raters_owing(period).exists():
        return []
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=period.scheme.organization_id,
            role_assignments__unit__isnull=True,
        )
        .distinct()
    )


def _describe(period: Period):
    return (
        f"{period.scheme.organization.name} {period}评分",
        f"请在截止日期前完成{period}的评分。",
        reverse("rater_home"),
    )


SCORING = DeadlineKind(
    code=CODE,
    label=gettext_lazy("考核评分截止"),
    queryset=lambda: Period.objects.filter(
        status=Period.Status.OPEN, due_date__isnull=False, scheme__status=Scheme.Status.CURRENT
    ).select_related("scheme", "scheme__organization"),
    due_date=lambda period: period.due_date,
    recipients=raters_owing,
    reminders=(Reminder.before(3), Reminder.on_due()),
    escalate_to=hr_of,
    describe=_describe,
)


def ready() -> None:
    """Registers the scoring deadline and the demo's scoring (called from AssessmentsConfig.ready)."""
    from assessments.demo import demo_scoring_load
    from org.demo import register_extension

    register(SCORING)
    register_extension(demo_scoring_load)
