"""Tenure's sections of the landing pages and of a cadre's page:

- the committee's 待决事项: goals awaiting approval, rounds awaiting confirmation, terms awaiting placement;
- a cadre's 我的档案: their running terms, an audit reply they owe;
- the staff's page of one cadre: the cadre's terms with the caps reached, and an audit holding them (待岗).
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.workdays import add_months
from org import panels
from org.roles import ROLE_CADRE, ROLE_COMMITTEE
from tenure.models import EconomicAudit, EvaluationRound
from tenure.selectors.audits import own_audits
from tenure.selectors.checks import audit_hold_reason
from tenure.selectors.evaluations import round_list, scoring_rounds
from tenure.selectors.goals import awaiting_approval
from tenure.selectors.terms import own_terms, term_list, term_rows

PANEL_ITEMS = 10


@panels.register(ROLE_COMMITTEE, order=40)
def goals_to_approve(request) -> panels.Panel | None:
    goals = awaiting_approval(user=request.user)
    count = goals.count()
    if not count:
        return None
    return panels.Panel(
        title=_("待批准的任期目标"),
        template="tenure/_panel_goals.html",
        context={"goals": list(goals.order_by("unit__path", "pk")[:PANEL_ITEMS])},
        count=count,
        url=reverse("tenure:goal_list") + "?state=reviewed",
        key="tenure-goals",
    )


@panels.register(ROLE_COMMITTEE, order=41)
def rounds_to_confirm(request) -> panels.Panel | None:
    rounds = list(round_list(user=request.user).filter(state=EvaluationRound.State.RANKED).order_by("-year"))
    if not rounds:
        return None
    return panels.Panel(
        title=_("待确认的任期考评"),
        template="tenure/_panel_rounds.html",
        context={"rounds": rounds},
        count=len(rounds),
        url=reverse("tenure:round_list"),
        key="tenure-rounds",
    )


@panels.register(ROLE_COMMITTEE, order=42)
def terms_to_place(request) -> panels.Panel | None:
    today = timezone.localdate()
    terms = term_list(user=request.user).filter(
        appointment__end_date__isnull=True,
        ended_on__isnull=True,
        placement__isnull=True,
        ends_on__lte=add_months(today, 6),
        ends_on__gte=today - datetime.timedelta(days=365),
    )
    count = terms.count()
    if not count:
        return None
    return panels.Panel(
        title=_("待决定的届满安置"),
        template="tenure/_panel_terms.html",
        context={"terms": list(terms.order_by("ends_on")[:PANEL_ITEMS]), "today": today},
        count=count,
        url=reverse("tenure:placements"),
        key="tenure-placements",
    )


@panels.register(ROLE_CADRE, order=40)
def my_tenure(request) -> panels.Panel | None:
    today = timezone.localdate()
    terms = [t for t in own_terms(user=request.user).order_by("-starts_on") if t.last_day >= today]
    replies = list(own_audits(user=request.user).filter(state=EconomicAudit.State.DRAFT, reply_on__isnull=True))
    # A cadre on a round's 考评组 finds the rows to score here.
    scoring = list(scoring_rounds(user=request.user))
    if not terms and not replies and not scoring:
        return None
    return panels.Panel(
        title=_("我的任期"),
        template="tenure/_panel_mine.html",
        context={"terms": terms, "replies": replies, "scoring": scoring, "today": today},
        url=reverse("tenure:mine"),
        key="my-tenure",
    )


@panels.register_cadre_section(order=20)
def tenure_section(request, cadre) -> panels.Panel | None:
    today = timezone.localdate()
    terms = list(term_list(user=request.user).filter(cadre=cadre).order_by("-starts_on", "-seq"))
    hold = audit_hold_reason(cadre, today)
    if not terms and not hold:
        return None
    return panels.Panel(
        title=_("任期"),
        template="tenure/_cadre_section.html",
        context={"rows": term_rows(terms, as_of=today), "hold": hold},
        key="tenure",
    )
