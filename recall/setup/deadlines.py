"""The recall deadlines, each declared once with the notices engine (which sends every notice exactly once, whatever
runs twice or dies): the end of the frontline retraining (reminded 10 working days before, so that the evaluation
can be prepared), the evaluation due after the last stage, and the end of a secondary assignment's follow-up. The evaluation and the
公示 before an order are counted in working days: entering a year's calendar counts them again (notices.recompute). HR
over the cadre is reminded; a deadline missed is escalated to HR of the whole organization."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, register

RETRAINING_END = "recall.retraining_end"
EVALUATION_DUE = "recall.evaluation_due"
FOLLOW_UP_END = "recall.follow_up_end"
ANNOUNCEMENT_END = "recall.announcement_end"
RELATED = ("cadre", "cadre__unit", "cadre__user", "policy")


def _cases(**filters):
    from recall.models import RecallCase

    return RecallCase.objects.filter(**filters).select_related(*RELATED)


def _retraining():
    from recall.models import RecallCase

    return _cases(state=RecallCase.State.RETRAINING, retraining_end__isnull=False)


def _evaluation():
    from recall.models import RecallCase

    states = (RecallCase.State.RETRAINING, RecallCase.State.PROBATION, RecallCase.State.EVALUATING)
    return _cases(state__in=states, evaluated_on__isnull=True, evaluation_due__isnull=False)


def _follow_up():
    from recall.models import RecallCase

    return _cases(state=RecallCase.State.REASSIGNED, follow_up_end__isnull=False)


def _hr(case):
    from recall.rules import hr_users_for

    return hr_users_for(case.cadre)


def _escalate(case):
    from recall.rules import organization_hr_users

    return organization_hr_users(case.organization_id)


def _url(case) -> str:
    from recall.services.proposals import case_url

    return case_url(case)


def _describe_retraining(case):
    return (
        _("回炉锻炼期满:%(name)s") % {"name": case.cadre.name},
        _("%(name)s的一线回炉锻炼(%(placement)s)即将期满,请组织原单位和组织部门进行鉴定评价。")
        % {"name": case.cadre.name, "placement": case.placement},
        _url(case),
    )


def _describe_evaluation(case):
    return (
        _("召回干部鉴定评价:%(name)s") % {"name": case.cadre.name},
        _("请登记原单位鉴定意见和组织部门考核意见。"),
        _url(case),
    )


def _evaluation_recompute(case):
    from recall.services.stages import evaluation_due_after

    return evaluation_due_after(case, case.stage_end)


def _evaluation_move(case, old, new) -> bool:
    from recall.models import RecallCase

    # Guarded: only a case still owing the evaluation, with the day it was read with.
    return bool(
        RecallCase.objects.filter(pk=case.pk, evaluated_on__isnull=True, evaluation_due=old).update(evaluation_due=new)
    )


def _announcing():
    from recall.models import RecallCase

    return _cases(state=RecallCase.State.PROPOSED, announce_from__isnull=False, announce_until__isnull=False)


def _announcement_recompute(case):
    from common.workdays import add_working_days

    return add_working_days(case.announce_from, case.policy.announcement_working_days)


def _announcement_move(case, old, new) -> bool:
    from recall.models import RecallCase

    # Guarded: only a 公示 still before the order, with the end it was read with; lengthened, never shortened.
    return bool(
        RecallCase.objects.filter(pk=case.pk, state=RecallCase.State.PROPOSED, announce_until=old).update(
            announce_until=new
        )
    )


def _describe_announcement(case):
    return (
        _("召回公示:%(name)s") % {"name": case.cadre.name},
        _("公示期满无异议的,请发出召回令。"),
        _url(case),
    )


def _describe_follow_up(case):
    return (
        _("二次调配跟踪考察期满:%(name)s") % {"name": case.cadre.name},
        _("跟踪考察期满,请根据工作表现作出结论。"),
        _url(case),
    )


KINDS = (
    DeadlineKind(
        code=RETRAINING_END,
        label=gettext_lazy("一线回炉锻炼期满"),
        queryset=_retraining,
        due_date=lambda case: case.retraining_end,
        recipients=_hr,
        reminders=(Reminder.before(10), Reminder.on_due()),
        escalate_to=_escalate,
        describe=_describe_retraining,
        unit_of=lambda case: case.cadre.unit,
        unit_field="cadre__unit",
    ),
    DeadlineKind(
        code=EVALUATION_DUE,
        label=gettext_lazy("召回干部鉴定评价"),
        queryset=_evaluation,
        due_date=lambda case: case.evaluation_due,
        recipients=_hr,
        reminders=(Reminder.before(3), Reminder.on_due()),
        escalate_to=_escalate,
        describe=_describe_evaluation,
        unit_of=lambda case: case.cadre.unit,
        unit_field="cadre__unit",
        recompute=_evaluation_recompute,
        move=_evaluation_move,
    ),
    # The 公示 before a recall order: told to HR once, not chased; the order waits for its end.
    DeadlineKind(
        code=ANNOUNCEMENT_END,
        label=gettext_lazy("召回公示期"),
        queryset=_announcing,
        due_date=lambda case: case.announce_until,
        recipients=_hr,
        reminders=(),
        describe=_describe_announcement,
        unit_of=lambda case: case.cadre.unit,
        unit_field="cadre__unit",
        milestone=True,
        scanned=False,
        recompute=_announcement_recompute,
        move=_announcement_move,
    ),
    DeadlineKind(
        code=FOLLOW_UP_END,
        label=gettext_lazy("二次调配跟踪考察期满"),
        queryset=_follow_up,
        due_date=lambda case: case.follow_up_end,
        recipients=_hr,
        reminders=(Reminder.before(10), Reminder.on_due()),
        escalate_to=_escalate,
        describe=_describe_follow_up,
        unit_of=lambda case: case.cadre.unit,
        unit_field="cadre__unit",
    ),
)


def ready() -> None:
    for kind in KINDS:
        register(kind)
