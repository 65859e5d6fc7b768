"""The measures' section of a cadre's 我的档案 page (org.panels): their own waiting periods still running."""

from django.utils import timezone
from django.utils.translation import gettext as _

from demotion.selectors.measures import waiting_periods
from org import panels
from org.roles import ROLE_CADRE, get_roles


def my_waiting_periods(request) -> panels.Panel | None:
    cadre = get_roles(request.user).cadre
    if cadre is None:
        return None
    today = timezone.localdate()
    periods = waiting_periods(cadre_ids=[cadre.pk], on=today).get(cadre.pk, [])
    if not periods:
        return None
    return panels.Panel(
        title=_("影响期"),
        template="demotion/_measure_panel_mine.html",
        context={"periods": periods, "today": today},
        count=len(periods),
        key="waiting-periods",
    )


def register() -> None:
    panels.register(ROLE_CADRE, my_waiting_periods, order=40)
