"""Pages of the terms.

- `term_list` (任期登记): HR and the committee, every term of the cadres in their units — term number, start, end,
  time served, whether it counts toward the caps, the caps reached — filtered, paginated, exported;
- `term_detail`: one term with the holder's other terms in the post, the caps, the reminders, an audit holding the
  cadre, and the committee's placement form (届满安置) once the term nears its end;
- `placements`: the terms ending within the reminder months, or ended, without a placement;
- `level_caps`: cadres who have reached the years cap at one level (for whoever draws up a promotion list);
- `mine` (我的任期): a cadre's own terms, confirmed evaluations and audits.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_for
from common.workdays import add_months
from org.permissions import role_required
from org.roles import ROLE_CADRE
from org.selectors import post_list
from tenure.access import committee_covers
from tenure.forms.terms import PlacementForm
from tenure.models import Regime
from tenure.selectors import terms as term_selectors
from tenure.selectors.audits import own_audits
from tenure.selectors.checks import audit_hold_reason
from tenure.selectors.evaluations import own_evaluations
from tenure.selectors.policy import PolicyBook, policy_organizations
from tenure.selectors.terms import cadres_over_level_cap, own_terms, term_rows
from tenure.services.placements import outcomes_for, placement_record
from tenure.views.base import STAFF_ROLES, submitted

PAGE_SIZE = 50
STATUS_FILTERS = {
    "running": gettext_lazy("任期中"),
    "ended": gettext_lazy("已届满"),
    "cut_short": gettext_lazy("提前结束"),
    "future": gettext_lazy("尚未开始"),
}


def _filtered(qs, params, today):
    status = params.get("status", "")
    if status == "running":
        qs = qs.filter(starts_on__lte=today, ends_on__gte=today, ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ends_on__lt=today, ended_on__isnull=True)
    elif status == "cut_short":
        qs = qs.filter(ended_on__isnull=False)
    elif status == "future":
        qs = qs.filter(starts_on__gt=today)
    if params.get("regime") in Regime.values:
        qs = qs.filter(regime=params["regime"])
    if params.get("inherited") == "1":
        qs = qs.filter(inherited=True)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(cadre__name__contains=q) | Q(cadre__employee_no=q) | Q(post__unit__name__contains=q))
    return qs


@role_required(*STAFF_ROLES)
def term_list(request):
    today = timezone.localdate()
    params = {k: request.GET.get(k, "") for k in ("status", "regime", "inherited", "q")}
    scoped = term_selectors.term_list(user=request.user)
    qs = _filtered(scoped, params, today).order_by("post__unit__path", "post__name", "starts_on", "seq")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": term_rows(page.object_list, as_of=today),
        "params": params,
        "regimes": Regime.choices,
        "statuses": list(STATUS_FILTERS.items()),
        "today": today,
        "query": request.GET.urlencode(),
    }
    return render(request, "tenure/term_list.html", context)


def _placement_posts(request, term):
    return (
        post_list(user=request.user)
        .filter(unit__organization_id=term.organization_id, ended_on__isnull=True, unit__closed_on__isnull=True)
        .order_by("unit__path", "kind", "name")
    )


def _may_place(user, term, today) -> bool:
    if not committee_covers(user, term.post.unit) or term.appointment.end_date is not None:
        return False
    if hasattr(term, "placement") and term.placement is not None:
        return False
    policy = PolicyBook.of(term.organization_id).at(today)
    months = max(policy.reminder_month_list or [6]) if policy else 6
    return term.ended_on is None and term.ends_on <= add_months(today, months)


@role_required(*STAFF_ROLES, ROLE_CADRE)
def term_detail(request, pk):
    visible = term_selectors.term_list
    term = get_object_or_404(visible(user=request.user), pk=pk)
    today = timezone.localdate()
    may_place = _may_place(request.user, term, today)
    form = None
    if may_place:
        initial = {"effective_on": term.ends_on + datetime.timedelta(days=1), "document_date": today}
        form = PlacementForm(
            request.POST or None, outcomes=outcomes_for(term), posts=_placement_posts(request, term), initial=initial
        )
        done = submitted(
            request,
            form,
            write=lambda data: placement_record(term=term, actor=request.user, **data),
            message=lambda p: (
                _("已登记%(name)s的届满安置:%(outcome)s。") % {"name": p.cadre.name, "outcome": p.get_outcome_display()}
            ),
            to=reverse("tenure:term_detail", args=[term.pk]),
        )
        if done:
            return done
    elif request.method == "POST":
        raise PermissionDenied
    siblings = visible(user=request.user).filter(cadre=term.cadre, post=term.post).order_by("starts_on", "seq")
    context = {
        "term": term,
        "row": term_rows([term], as_of=today)[0],
        "siblings": term_rows(siblings, as_of=today),
        "reminders": term.reminders.order_by("fires_on"),
        "placement": getattr(term, "placement", None),
        "hold": audit_hold_reason(term.cadre, today),
        "form": form,
        "today": today,
        "audit": audit_log_for(term)[:30],
    }
    return render(request, "tenure/term_detail.html", context)


@role_required(*STAFF_ROLES)
def placements(request):
    visible = term_selectors.term_list
    today = timezone.localdate()
    horizon = add_months(today, 6)
    qs = (
        visible(user=request.user)
        .filter(appointment__end_date__isnull=True, ended_on__isnull=True, placement__isnull=True)
        .filter(ends_on__lte=horizon, ends_on__gte=today - datetime.timedelta(days=365))
        .order_by("ends_on", "cadre__employee_no")
    )
    return render(request, "tenure/placements.html", {"rows": term_rows(qs, as_of=today), "today": today})


@role_required(*STAFF_ROLES)
def level_caps(request):
    today = timezone.localdate()
    rows = []
    for organization in policy_organizations(user=request.user):
        rows += cadres_over_level_cap(organization=organization, on=today, user=request.user)
    return render(request, "tenure/level_caps.html", {"rows": rows, "today": today})


@role_required(ROLE_CADRE)
def mine(request):
    today = timezone.localdate()
    terms = own_terms(user=request.user).order_by("-starts_on", "-seq")
    context = {
        "rows": term_rows(terms, as_of=today),
        "evaluations": own_evaluations(user=request.user),
        "audits": own_audits(user=request.user).order_by("-period_to"),
        "today": today,
    }
    return render(request, "tenure/mine.html", context)


urlpatterns = [
    path("terms/", term_list, name="term_list"),
    path("terms/<int:pk>/", term_detail, name="term_detail"),
    path("placements/", placements, name="placements"),
    path("level-caps/", level_caps, name="level_caps"),
    path("mine/", mine, name="mine"),
]
