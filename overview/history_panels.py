"""A cadre's history across years on the staff's page of the cadre (org:cadre_detail) and on the cadre's own page
(me): the table of the years and the chart of the composite against the group's median."""

from django.urls import reverse
from django.utils.translation import gettext as _

from org import panels
from org.roles import ROLE_CADRE, get_roles
from overview.selectors.history import cadre_history, history_chart


def _panel(cadre, *, with_links: bool, key: str, url: str = "") -> panels.Panel | None:
    history = cadre_history(cadre=cadre, with_links=with_links)
    if not history:
        return None
    return panels.Panel(
        title=_("历年考核与处理情况"),
        template="overview/_history.html",
        context={"history": history, "chart": history_chart(history), "chart_id": key},
        key=key,
        url=url,
    )


@panels.register_cadre_section(order=5)
def history_section(request, cadre) -> panels.Panel | None:
    return _panel(cadre, with_links=True, key="history")


@panels.register(ROLE_CADRE, order=15)
def my_history(request) -> panels.Panel | None:
    cadre = get_roles(request.user).cadre
    if cadre is None:
        return None
    return _panel(cadre, with_links=False, key="my-history", url=reverse("assessments:my_results"))
