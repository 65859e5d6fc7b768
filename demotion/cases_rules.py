"""What the step-down (主动让贤) services share: who may act on a case, who is told, the refusals' words, and the
deadline's arithmetic (《中层负责人主动让贤实施办法》: 公布考核成绩后3个工作日内, the day of publication not counted)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from common.errors import refuse
from common.workdays import add_working_days, is_workday
from demotion.models import StepDownCase, StepDownPolicy
from org.models import RoleAssignment, Unit
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

DEFAULT_APPLICATION_WORKING_DAYS = StepDownPolicy._meta.get_field("application_working_days").default
NOTICE_KIND = "demotion.stepdown"
DEADLINE_KIND = "demotion.stepdown_application"
# What the audit rows of a case carry.
CASE_FIELDS = [
    "state",
    "application_text",
    "applied_by_id",
    "paper_application",
    "applied_on",
    "decided_by_id",
    "decision_reason",
    "step_down_on",
    "new_post_id",
    "new_assignment",
    "executed_by_id",
    "executed_on",
    "withdrawn_reason",
]
OPENED_FIELDS = [
    "organization_id",
    "year",
    "cadre_id",
    "publication_id",
    "run_id",
    "reason",
    "group_name",
    "composite",
    "rank",
    "group_size",
    "published_on",
    "deadline",
    "appointment_id",
    "state",
]
# The wording 《中层负责人主动让贤实施办法》 gives the application (主动辞去现任中层职务,保留职级,服从局党组安排适当工作).
APPLICATION_WORDING = (
    "本人{name},{year}年度考核{why}。根据《中层负责人主动让贤实施办法》,本人主动辞去现任中层职务{post},"
    "保留职级,服从局党组安排适当工作。"
)


def application_wording(case: StepDownCase) -> str:
    post = f"({case.appointment.post})" if case.appointment_id else ""
    bottom = {"bottom": case.bottom_label()}
    why = {
        StepDownCase.Reason.BOTTOM: _("成绩位列组内排名%(bottom)s") % bottom,
        StepDownCase.Reason.VETO: _("存在一票否决情形"),
        StepDownCase.Reason.BOTH: _("成绩位列组内排名%(bottom)s且存在一票否决情形") % bottom,
    }[case.reason]
    return APPLICATION_WORDING.format(name=case.cadre.name, year=case.year, why=why, post=post)


def application_working_days(organization_id: int) -> int:
    """The organization's 《主动让贤实施办法》 period, or the 3 working days of 沂源县市场监管局's rule (公布考核成绩后3个工作日内)
    when it has no policy row."""
    days = (
        StepDownPolicy.objects.filter(organization_id=organization_id)
        .values_list("application_working_days", flat=True)
        .first()
    )
    return DEFAULT_APPLICATION_WORKING_DAYS if days is None else days


def application_deadline(published_on: datetime.date, organization_id: int) -> datetime.date:
    return add_working_days(published_on, application_working_days(organization_id))


def working_days_left(deadline: datetime.date, today: datetime.date) -> int | None:
    """Working days from tomorrow up to the deadline (0: today is the last day); None once it has passed."""
    if today > deadline:
        return None
    days, day = 0, today
    while day < deadline:
        day += datetime.timedelta(days=1)
        days += is_workday(day)
    return days


def case_url(case: StepDownCase) -> str:
    return reverse("demotion:case_detail", kwargs={"pk": case.pk})


# --- who --------------------------------------------------------------------------------------------------------


def _covering(role: str, unit: Unit):
    """Users holding `role` over the unit: the whole organization, or a subtree that contains it."""
    prefixes = [p for p in (unit.path or "").split("/") if p]
    paths = ["/" + "/".join(prefixes[: i + 1]) + "/" for i in range(len(prefixes))]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__role=role, role_assignments__organization_id=unit.organization_id
        )
        .filter(Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit__path__in=paths))
        .distinct()
        .order_by("pk")
    )


def hr_users_for(cadre) -> QuerySet:
    return _covering(RoleAssignment.Role.HR, cadre.unit)


def committee_users_for(cadre) -> QuerySet:
    return _covering(RoleAssignment.Role.COMMITTEE, cadre.unit)


def organization_hr_users(organization_id: int) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=organization_id,
            role_assignments__unit__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _covers(actor, role: str, case: StepDownCase) -> bool:
    q = get_roles(actor).unit_q(role)
    return Unit.objects.filter(q, pk=case.cadre.unit_id).exists()


def is_hr_of(actor, case: StepDownCase) -> bool:
    """HR whose scope holds the cadre (and the administrator, who acts as HR everywhere)."""
    return get_roles(actor).is_admin or _covers(actor, ROLE_HR, case)


def is_committee_of(actor, case: StepDownCase) -> bool:
    """The party committee over the cadre's unit. Not the administrator by virtue of being one: the decision is the
    party group's (局党组研究审核)."""
    return get_roles(actor).has(ROLE_COMMITTEE) and _covers(actor, ROLE_COMMITTEE, case)


def is_own(actor, case: StepDownCase) -> bool:
    cadre = get_roles(actor).cadre
    return cadre is not None and cadre.pk == case.cadre_id


# --- refusals ---------------------------------------------------------------------------------------------------


def state_refusal(case: StepDownCase, doing: str) -> NoReturn:
    refuse(
        _("该事项当前状态为“%(state)s”,不能%(doing)s。") % {"state": case.get_state_display(), "doing": doing},
        code="invalid_state",
    )


@contextmanager
def transition_guard(case: StepDownCase, doing: str) -> Iterator[None]:
    """The transition and its save: a wrong state or a concurrent change becomes a refusal that says why."""
    try:
        # A savepoint: a refused save leaves the surrounding transaction usable to say what is there now.
        with transaction.atomic():
            yield
    except TransitionNotAllowed:
        state_refusal(case, doing)
    except ConcurrentTransition:
        current = StepDownCase.objects.filter(pk=case.pk).first()
        state = current.get_state_display() if current else _("不存在")
        refuse(
            _("该事项已被他人处理(当前状态:%(state)s),请刷新后再办理。") % {"state": state},
            code="conflict",
        )
