"""The 能上能下 section of the staff's page of one cadre (org.panels.register_cadre_section): the waiting periods still
running (so whoever considers the cadre for promotion sees them), the dismissal protections in force, the step-down
cases and the commitment letters — each read through its scoped selector."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from demotion.selectors.cases import stepdown_case_list
from demotion.selectors.letters import letter_list, letter_status
from demotion.selectors.measures import active_protections, waiting_periods
from org import panels


@panels.register_cadre_section(order=10)
def demotion_section(request, cadre) -> panels.Panel | None:
    today = timezone.localdate()
    periods = waiting_periods(cadre_ids=[cadre.pk], on=today).get(cadre.pk, [])
    protections = active_protections(cadre_ids=[cadre.pk], on=today).get(cadre.pk, [])
    cases = list(stepdown_case_list(user=request.user).filter(cadre=cadre).order_by("-year"))
    letters = [
        (letter, letter_status(letter, today))
        for letter in letter_list(user=request.user).filter(cadre=cadre).order_by("-due_date")
    ]
    if not (periods or protections or cases or letters):
        return None
    return panels.Panel(
        title=_("能上能下"),
        template="demotion/_cadre_section.html",
        context={"periods": periods, "protections": protections, "cases": cases, "letters": letters, "today": today},
        key="demotion",
    )
