"""The step-down sections of the landing pages: the committee's cases awaiting a decision (待决事项), and the cadre's
own open case with its deadline (我的档案)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from demotion.cases_rules import working_days_left
from demotion.models import StepDownCase
from demotion.selectors.cases import awaiting_decision, own_cases
from org import panels
from org.roles import ROLE_CADRE, ROLE_COMMITTEE

PANEL_ITEMS = 10


@panels.register(ROLE_COMMITTEE, order=30)
def stepdown_awaiting_panel(request) -> panels.Panel | None:
    pending = awaiting_decision(user=request.user)
    count = pending.count()
    if not count:
        return None
    return panels.Panel(
        title=_("待决定的主动让贤事项"),
        template="demotion/_case_panel.html",
        context={"cases": list(pending[:PANEL_ITEMS]), "today": timezone.localdate()},
        count=count,
        url=reverse("demotion:case_list") + "?todo=decide",
        key="stepdown",
    )


@panels.register(ROLE_CADRE, order=5)
def my_stepdown_panel(request) -> panels.Panel | None:
    cases = list(own_cases(user=request.user).filter(state__in=StepDownCase.OPEN_STATES).order_by("-year")[:3])
    if not cases:
        return None
    today = timezone.localdate()
    for case in cases:
        case.days_left = working_days_left(case.deadline, today) if case.state == StepDownCase.State.NOTIFIED else None
    return panels.Panel(
        title=_("主动让贤"),
        template="demotion/_case_panel.html",
        context={"cases": cases, "today": today, "mine": True},
        url=reverse("demotion:my_cases"),
        key="my-stepdown",
    )
