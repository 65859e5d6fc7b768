"""The recall sections of the landing pages: the committee's proposals and cards awaiting a decision (待决事项), and
the cadre's own case and cards (我的档案)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from org import panels
from org.roles import ROLE_CADRE, ROLE_COMMITTEE
from recall.models import Card, RecallCase
from recall.selectors.cards import decidable_cards, own_cards
from recall.selectors.cases import awaiting_decision, own_cases

PANEL_ITEMS = 10


@panels.register(ROLE_COMMITTEE, order=40)
def recall_awaiting_panel(request) -> panels.Panel | None:
    cases = awaiting_decision(user=request.user)
    cards = decidable_cards(user=request.user).filter(state=Card.State.PENDING).order_by("issued_on", "pk")
    count = cases.count() + cards.count()
    if not count:
        return None
    return panels.Panel(
        title=_("待决定的召回事项和警示"),
        template="recall/_committee_panel.html",
        context={"cases": list(cases[:PANEL_ITEMS]), "cards": list(cards[:PANEL_ITEMS])},
        count=count,
        url=reverse("recall:case_list") + "?state=proposed",
        key="recall",
    )


@panels.register(ROLE_CADRE, order=8)
def my_recall_panel(request) -> panels.Panel | None:
    cases = list(own_cases(user=request.user).exclude(state__in=RecallCase.ENDED_STATES).order_by("-created_at")[:3])
    cards = list(own_cards(user=request.user).filter(state=Card.State.APPROVED)[:5])
    if not (cases or cards):
        return None
    return panels.Panel(
        title=_("回炉再造"),
        template="recall/_my_panel.html",
        context={"cases": cases, "cards": cards},
        url=reverse("recall:my_cases"),
        key="my-recall",
    )
