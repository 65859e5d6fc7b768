"""The demo's step-down cases: the year before the demo year was published in January (the scoring demo); its cases
are opened through the service and brought, through the services, to what an office would see months later: one
applied online, approved by the party group and carried out with a new assignment, one paper application awaiting
the party group's decision, and the rest escalated for organizational adjustment after the deadline passed."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.selectors import published
from common.workdays import add_working_days
from demotion.cases_rules import application_wording
from demotion.models import StepDownCase
from demotion.services.cases import (
    stepdown_case_apply,
    stepdown_case_approve,
    stepdown_case_execute,
    stepdown_cases_escalate,
    stepdown_cases_open,
)
from org.models import Organization
from org.services import cadre_update

# The cadre who applies online signs in with this account (the demo password), unless they already have one.
APPLICANT_USERNAME = "rangxian"


def _applicant_user(cadre):
    if cadre.user_id:
        return cadre.user
    User = get_user_model()
    account = User.objects.create_user(
        username=APPLICANT_USERNAME, password=settings.CADRE_DEMO_PASSWORD, first_name=cadre.name
    )
    cadre_update(cadre=cadre, user=account, reason="演示:主动让贤申请人登录账号")
    cadre.user = account
    return account


def demo_cases_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    publication = published.publication_state(organization_id=organization.pk, year=year - 1)
    if not publication.published:
        return
    User = get_user_model()
    hr, dangzu = User.objects.get(username="hr"), User.objects.get(username="dangzu")
    today = timezone.localdate()
    stepdown_cases_open(publication_id=publication.publication_id, today=publication.published_on)
    cases = list(
        StepDownCase.objects.filter(organization=organization, year=year - 1)
        .select_related("cadre", "cadre__unit", "cadre__user", "appointment")
        .order_by("group_name", "rank", "pk")
    )
    if cases:
        _applied_approved_executed(cases[0], hr=hr, dangzu=dangzu, today=today)
    if len(cases) > 1:
        stepdown_case_apply(
            case=cases[1],
            actor=hr,
            text="本人书面申请主动辞去现任中层职务,保留职级,服从局党组安排适当工作。",
            paper=True,
            applied_on=min(cases[1].deadline, today),
        )
    stepdown_cases_escalate(today=today)


def _applied_approved_executed(case: StepDownCase, *, hr, dangzu, today: datetime.date) -> None:
    applied_on = min(case.published_on + datetime.timedelta(days=1), case.deadline)
    stepdown_case_apply(
        case=case,
        actor=_applicant_user(case.cadre),
        text=application_wording(case),  # the wording the page offers, which names the case's own reason
        today=applied_on,
    )
    step_down_on = min(add_working_days(case.deadline, 5), today)
    if case.appointment is not None and step_down_on <= case.appointment.start_date:
        step_down_on = case.appointment.start_date + datetime.timedelta(days=1)
    stepdown_case_approve(
        case=case,
        actor=dangzu,
        reason="经局党组会议研究,准予主动让贤,保留职级。",
        step_down_on=step_down_on,
        new_assignment="安排到办公室从事综合文字工作",
    )
    stepdown_case_execute(
        case=case, actor=hr, executed_on=max(min(step_down_on + datetime.timedelta(days=7), today), step_down_on)
    )
