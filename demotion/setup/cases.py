"""Wiring of the step-down cases: the application deadline, the landing-page panels, the audit words, the demo and
the listener that opens cases when a publication changes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, name_kinds, register

DEADLINE_CODE = "demotion.stepdown_application"


def _waiting():
    from demotion.models import StepDownCase

    return StepDownCase.objects.filter(state=StepDownCase.State.NOTIFIED).select_related(
        "cadre", "cadre__user", "cadre__unit"
    )


def _describe(case):
    from demotion.cases_rules import case_url

    return (
        _("提交主动让贤申请:%(year)s年度") % {"year": case.year},
        _("请在截止日期前向局党组提交《主动让贤申请书》;逾期未提交的,转组织调整。"),
        case_url(case),
    )


def _recompute(case):
    from demotion.cases_rules import application_deadline

    return application_deadline(case.published_on, case.organization_id)


def _move(case, old, new) -> bool:
    from demotion.models import StepDownCase

    # Guarded: only a case still waiting for its application, with the deadline it was read with.
    return bool(
        StepDownCase.objects.filter(pk=case.pk, state=StepDownCase.State.NOTIFIED, deadline=old).update(deadline=new)
    )


# No escalate_to: a missed deadline is the case's own escalation (stepdown_cases_escalate), which tells HR and the
# committee once.
STEPDOWN_APPLICATION = DeadlineKind(
    code=DEADLINE_CODE,
    label=gettext_lazy("主动让贤申请"),
    queryset=_waiting,
    due_date=lambda case: case.deadline,
    recipients=lambda case: [case.cadre.user],
    reminders=(Reminder.before(1), Reminder.on_due()),
    describe=_describe,
    unit_of=lambda case: case.cadre.unit,
    unit_field="cadre__unit",
    recompute=_recompute,
    move=_move,
)


def publication_listener(publication_id: int) -> None:
    """After a publication is published or moves to a newer version: open (and withdraw) its cases on a worker."""
    from demotion.tasks.cases import stepdown_open

    stepdown_open.delay(publication_id)


def ready() -> None:
    """Registers this area's deadline kinds, panels, audit words and hooks (called from DemotionConfig.ready)."""
    from assessments.services import register_publication_listener
    from demotion import audit_labels_cases, cases_panels  # noqa: F401  (register words and panels)
    from demotion.demo_cases import demo_cases_load
    from org.demo import register_extension

    register(STEPDOWN_APPLICATION)
    name_kinds({"demotion.stepdown": gettext_lazy("主动让贤事项"), "demotion.tolerance": gettext_lazy("容错免责")})
    register_publication_listener(publication_listener)
    register_extension(demo_cases_load)
