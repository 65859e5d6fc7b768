"""The 回炉再造 section of the staff's page of one cadre (org.panels.register_cadre_section): the personnel hold
(人编分离) while a case holds it, the recall cases and the cards — each read through its scoped selector."""

from django.utils.translation import gettext_lazy as _

from org import panels
from recall.selectors.cards import card_list
from recall.selectors.cases import case_list


@panels.register_cadre_section(order=20)
def recall_section(request, cadre) -> panels.Panel | None:
    cases = list(case_list(user=request.user).filter(cadre=cadre).order_by("-created_at", "-pk"))
    cards = list(card_list(user=request.user).filter(cadre=cadre).order_by("-issued_on", "-pk"))
    if not (cases or cards):
        return None
    holding = next((case for case in cases if case.holds), None)
    return panels.Panel(
        title=_("回炉再造"),
        template="recall/_cadre_section.html",
        context={"cases": cases, "cards": cards, "holding": holding},
        key="recall",
    )
