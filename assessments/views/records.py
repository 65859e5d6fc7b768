"""Pages of bonus/deduction points (加减分) and one-vote vetoes (一票否决).

HR records them, with evidence, for cadres in its units; the party committee approves or rejects them (a reason
is required to reject) from the entry's page or from its queue (审批). Points and vetoes share every page but
their catalog, so each page is one function taking the record kind.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import services
from assessments.forms.records import DecisionForm, PointEntryForm, VetoEntryForm
from assessments.models import ApprovalStatus, PointItem, VetoItem
from assessments.selectors.readback import point_readback, veto_readback
from assessments.selectors.records import (
    QueueItem,
    decidable_point_entries,
    decidable_veto_entries,
    pending_count,
    pending_queue,
    point_entry_list,
    point_item_usage,
    veto_entry_list,
)
from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from org import selectors as org_selectors
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
RECORDERS = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordKind:
    """What differs between the point pages and the veto pages."""

    key: str  # "point" or "veto": URL names are assessments:<key>_list, _create, _detail, _decide
    title: str
    entries: Callable  # the scoped list selector
    decidable: Callable  # the committee-scoped selector
    form_class: type
    record: Callable  # the service that records
    decide: Callable  # the service that decides

    @property
    def is_point(self) -> bool:
        return self.key == "point"

    def url(self, page: str, **kwargs) -> str:
        return reverse(f"assessments:{self.key}_{page}", kwargs=kwargs or None)

    def template(self, page: str) -> str:
        return f"assessments/{self.key}_{page}.html"


POINTS = RecordKind(
    key="point",
    title=gettext_lazy("加减分"),
    entries=point_entry_list,
    decidable=decidable_point_entries,
    form_class=PointEntryForm,
    record=services.point_entry_record,
    decide=services.point_entry_decide,
)
VETOES = RecordKind(
    key="veto",
    title=gettext_lazy("一票否决"),
    entries=veto_entry_list,
    decidable=decidable_veto_entries,
    form_class=VetoEntryForm,
    record=services.veto_entry_record,
    decide=services.veto_entry_decide,
)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- lists --------------------------------------------------------------------------------------------------------


def _filtered(request, kind: RecordKind, qs):
    """Apply the list's filters from the query string; return the queryset and what the filter bar shows."""
    get = request.GET
    chosen = {
        "year": get.get("year", "").strip(),
        "status": get.get("status", "").strip(),
        "kind": get.get("kind", "").strip(),
        "item": get.get("item", "").strip(),
        "unit": get.get("unit", "").strip(),
        "q": get.get("q", "").strip(),
    }
    if chosen["year"].isdigit():
        qs = qs.filter(year=int(chosen["year"]))
    if chosen["status"] in ApprovalStatus.values:
        qs = qs.filter(status=chosen["status"])
    if kind.is_point and chosen["kind"] in PointItem.Kind.values:
        qs = qs.filter(item__kind=chosen["kind"])
    if not kind.is_point and chosen["item"].isdigit():
        qs = qs.filter(item_id=int(chosen["item"]))
    units = list(org_selectors.unit_list(user=request.user).order_by("organization_id", "path"))
    unit = None
    if chosen["unit"].isdigit():
        unit = next((u for u in units if u.pk == int(chosen["unit"])), None)
        # A unit outside one's scope filters to nothing rather than being ignored.
        qs = qs.filter(cadre__unit__path__startswith=unit.path) if unit else qs.none()
    if chosen["q"]:
        q = chosen["q"]
        qs = qs.filter(Q(cadre__name__icontains=q) | Q(cadre__employee_no__icontains=q) | Q(item__name__icontains=q))
    for u in units:
        u.indent = "\u3000" * max(u.path.count("/") - 2, 0)
    return qs, {"chosen": chosen, "units": units, "unit": unit}


def _record_list(request, kind: RecordKind):
    scoped = kind.entries(user=request.user)
    qs, filters = _filtered(request, kind, scoped)
    years = sorted(set(scoped.order_by().values_list("year", flat=True).distinct()), reverse=True)
    page = Paginator(qs.order_by("-year", "-occurred_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "page": page,
        "years": years,
        "statuses": ApprovalStatus.choices,
        "point_kinds": PointItem.Kind.choices,
        "can_record": any(get_roles(request.user).has(r) for r in RECORDERS),
        **filters,
    }
    if not kind.is_point:
        # The items that occur in what the user may see, for the item filter.
        context["veto_items"] = VetoItem.objects.filter(pk__in=scoped.values("item_id")).order_by("sort_order", "id")
    return render(request, kind.template("list"), context)


@role_required(*STAFF)
def point_list(request):
    return _record_list(request, POINTS)


@role_required(*STAFF)
def veto_list(request):
    return _record_list(request, VETOES)


# --- recording ----------------------------------------------------------------------------------------------------


def _record_create(request, kind: RecordKind):
    initial = {"cadre": request.GET.get("cadre", ""), "item": request.GET.get("item", "")}
    form = kind.form_class(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "cadre": data["cadre"],
            "item": data["item"],
            "year": data["occurred_on"].year,
            "occurred_on": data["occurred_on"],
            "evidence": data["evidence"],
            "note": data["note"],
            "actor": request.user,
        }
        if kind.is_point:
            fields["points"] = data["points"] or None
        try:
            entry = kind.record(**fields)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(
                request,
                _("已登记“%(entry)s”,等待党组(党委)审批。") % {"entry": entry},
            )
            return redirect(kind.url("detail", pk=entry.pk))
    return render(request, kind.template("form"), {"kind": kind, "form": form})


@role_required(*RECORDERS)
def point_create(request):
    return _record_create(request, POINTS)


@role_required(*RECORDERS)
def veto_create(request):
    return _record_create(request, VETOES)


# --- one record, and the committee's decision -------------------------------------------------------------------


def _detail_context(request, kind: RecordKind, entry, form=None) -> dict:
    decidable = (
        entry.status == ApprovalStatus.PENDING
        and get_roles(request.user).has(ROLE_COMMITTEE)
        and kind.decidable(user=request.user).filter(pk=entry.pk).exists()
    )
    context = {
        "kind": kind,
        "entry": entry,
        "audit": audit_log_for(entry)[:50],
        "decidable": decidable,
        "decide_url": kind.url("decide", pk=entry.pk),
        "own_entry": entry.recorded_by_id is not None and entry.recorded_by_id == request.user.pk,
        "form": form or DecisionForm(),
    }
    if kind.is_point:
        context["usage"] = point_item_usage(entry=entry)
    return context


def _record_detail(request, kind: RecordKind, pk: int):
    entry = get_object_or_404(kind.entries(user=request.user), pk=pk)
    return render(request, kind.template("detail"), _detail_context(request, kind, entry))


@role_required(*STAFF)
def point_detail(request, pk):
    return _record_detail(request, POINTS, pk)


@role_required(*STAFF)
def veto_detail(request, pk):
    return _record_detail(request, VETOES, pk)


def _safe_next(request) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def _record_decide(request, kind: RecordKind, pk: int):
    """Approve or reject. From the queue (htmx) the answer is the queue row; otherwise the entry's page."""
    entry = get_object_or_404(kind.decidable(user=request.user), pk=pk)
    form = DecisionForm(request.POST)
    decided = False
    if form.is_valid() and form.approve and request.POST.get("confirmed") != "1":
        # Approving is read back first: what will happen, then 确认批准 (the opinion typed is carried over).
        lines = point_readback(entry) if kind.is_point else veto_readback(entry)
        context = {
            "item": QueueItem(entry, kind.is_point),
            "readback": lines,
            "reason": form.cleaned_data["reason"],
            "next": request.POST.get("next", ""),
            "htmx": _is_htmx(request),
        }
        template = "assessments/_record_readback.html" if _is_htmx(request) else "assessments/record_readback.html"
        return render(request, template, context)
    if form.is_valid():
        try:
            entry = kind.decide(
                entry=entry, approve=form.approve, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            decided = True
    if _is_htmx(request):
        item = QueueItem(entry, kind.is_point)
        context = {
            "item": item,
            "form": None if decided else form,
            "next": request.POST.get("next", ""),
            "oob_count": pending_count(user=request.user),
        }
        return render(request, "assessments/_record_queue_item.html", context)
    if decided:
        if entry.status == ApprovalStatus.APPROVED:
            messages.success(request, _("已批准:%(entry)s") % {"entry": entry})
        else:
            messages.success(request, _("已不予批准:%(entry)s") % {"entry": entry})
        return redirect(_safe_next(request) or kind.url("detail", pk=entry.pk))
    entry = get_object_or_404(kind.entries(user=request.user), pk=pk)  # as it is now
    return render(request, kind.template("detail"), _detail_context(request, kind, entry, form))


@require_POST
@role_required(ROLE_COMMITTEE)
def point_decide(request, pk):
    return _record_decide(request, POINTS, pk)


@require_POST
@role_required(ROLE_COMMITTEE)
def veto_decide(request, pk):
    return _record_decide(request, VETOES, pk)


# --- the committee's queue ----------------------------------------------------------------------------------------


@role_required(ROLE_COMMITTEE)
def approvals(request):
    queue = pending_queue(user=request.user)
    return render(request, "assessments/approvals.html", {"queue": queue, "next": request.get_full_path()})


urlpatterns = [
    path("points/", point_list, name="point_list"),
    path("points/new/", point_create, name="point_create"),
    path("points/<int:pk>/", point_detail, name="point_detail"),
    path("points/<int:pk>/decide/", point_decide, name="point_decide"),
    path("vetoes/", veto_list, name="veto_list"),
    path("vetoes/new/", veto_create, name="veto_create"),
    path("vetoes/<int:pk>/", veto_detail, name="veto_detail"),
    path("vetoes/<int:pk>/decide/", veto_decide, name="veto_decide"),
    path("approvals/", approvals, name="approvals"),
]
