"""The assessments sections of the landing pages (org.panels): the committee's pending points, vetoes and appeals,
and a cadre's own approved records and appeals. Registered once, from AssessmentsConfig.ready()."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Appeal
from assessments.selectors.appeals import appeal_list, appeal_options, decidable_appeals
from assessments.selectors.records import own_approved_records, pending_queue
from assessments.selectors.scope import staff_organization_ids
from assessments.selectors.standing import runs_to_confirm
from org import panels
from org.roles import ROLE_CADRE, ROLE_COMMITTEE, get_roles

PANEL_ITEMS = 10


@panels.register(ROLE_COMMITTEE, order=10)
def pending_records(request) -> panels.Panel:
    queue = pending_queue(user=request.user, limit=PANEL_ITEMS)
    return panels.Panel(
        title=_("待审批的加减分和一票否决"),
        template="assessments/approvals_panel.html",
        context={"queue": queue, "next": request.get_full_path()},
        count=queue.count,
        url=reverse("assessments:approvals"),
        key="records",
    )


def _my_scores_url() -> str:
    # The score summary is its own page; link to it when this installation has it.
    try:
        return reverse("assessments:my_scores")
    except NoReverseMatch:
        return ""


@panels.register(ROLE_CADRE, order=10)
def my_records(request) -> panels.Panel | None:
    cadre = get_roles(request.user).cadre
    if cadre is None:
        return None
    year = timezone.localdate().year
    records = own_approved_records(cadre=cadre, year=year)
    return panels.Panel(
        title=_("%(year)s 年加减分和一票否决") % {"year": year},
        template="assessments/_record_panel_mine.html",
        context={"records": records, "my_scores_url": _my_scores_url()},
        key="my-records",
    )


@panels.register(ROLE_COMMITTEE, order=20)
def pending_appeals_panel(request) -> panels.Panel | None:
    """The committee's pending appeals, oldest deadline first."""
    pending = decidable_appeals(user=request.user).filter(status=Appeal.Status.PENDING)
    count = pending.count()
    if not count:
        return None
    items = list(pending.order_by("deadline", "created_at", "id")[:PANEL_ITEMS])
    return panels.Panel(
        title=_("待决定的申诉"),
        template="assessments/appeal_panel.html",
        context={"items": items},
        count=count,
        url=reverse("assessments:appeal_list") + "?status=pending",
        key="appeals",
    )


@panels.register(ROLE_CADRE, order=20)
def my_appeals_panel(request) -> panels.Panel | None:
    """A cadre's open appeal options with their deadlines, and their appeals under way."""
    cadre = get_roles(request.user).cadre
    if cadre is None:
        return None
    options = [o for o in appeal_options(cadre=cadre) if o.is_open]
    mine = list(appeal_list(user=request.user).filter(cadre=cadre, status=Appeal.Status.PENDING)[:PANEL_ITEMS])
    if not options and not mine:
        return None
    return panels.Panel(
        title=_("申诉复核"),
        template="assessments/appeal_panel.html",
        context={"items": mine, "options": options},
        url=reverse("assessments:appeal_list"),
        key="my-appeals",
    )


@panels.register(ROLE_COMMITTEE, order=5)
def runs_to_confirm_panel(request) -> panels.Panel | None:
    """The result versions awaiting the committee's confirmation: the newest of each year not yet confirmed."""
    runs = runs_to_confirm(organization_ids=staff_organization_ids(request.user, roles=(ROLE_COMMITTEE,)))
    if not runs:
        return None
    return panels.Panel(
        title=_("待党组确认的考核结果版本"),
        template="assessments/_runs_to_confirm_panel.html",
        context={"runs": runs[:PANEL_ITEMS]},
        count=len(runs),
        url=reverse("assessments:results_home"),
        key="runs-to-confirm",
    )
