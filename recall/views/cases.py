"""Pages of the recall cases: the register (召回事项登记簿) for HR and the committee, one's own cases for the cadre,
one case with the forms its state offers the viewer, and the printable recall order (召回令)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.workdays import calendar_warning
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_list
from recall import exports
from recall.models import EvidenceSource, RecallCase
from recall.rules import is_hr_of, is_own
from recall.selectors.cases import batch_list, case_list, own_cases, staff_cases, state_counts
from recall.selectors.pay import stages_of
from recall.views.case_actions import ACTIONS

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
EVERYONE = (*STAFF, ROLE_CADRE)
PAGE_SIZE = 50
REGISTER_ORDER = ("-created_at", "-pk")


def _filtered(request):
    qs = staff_cases(user=request.user)
    chosen = {k: request.GET.get(k, "").strip() for k in ("batch", "state", "q")}
    batches = list(batch_list(user=request.user))
    if chosen["batch"].isdigit():
        qs = qs.filter(batch_id=int(chosen["batch"]))
    if chosen["q"]:
        qs = qs.filter(Q(cadre__name__icontains=chosen["q"]) | Q(cadre__employee_no=chosen["q"]))
    counts = state_counts(qs)
    if chosen["state"] in RecallCase.State.values:
        qs = qs.filter(state=chosen["state"])
    return qs, chosen, batches, counts


@role_required(*STAFF)
def case_list_page(request):
    qs, chosen, batches, counts = _filtered(request)
    context = {
        "page": Paginator(qs.order_by(*REGISTER_ORDER), PAGE_SIZE).get_page(request.GET.get("page")),
        "batches": batches,
        "states": [(value, label, counts[value]) for value, label in RecallCase.State.choices],
        "total": sum(counts.values()),
        "chosen": chosen,
    }
    return render(request, "recall/case_list.html", context)


@role_required(*STAFF)
def register_export(request, file_format):
    qs, chosen, _batches, _counts = _filtered(request)
    cases = list(qs.order_by("ordered_on", "order_seq", "cadre__employee_no", "pk"))
    rows = exports.register_rows(cases)
    exports.recall_export_record(
        actor=request.user,
        subjects=organization_list(user=request.user),
        kind=exports.REGISTER,
        file_format=file_format,
        rows=len(rows),
    )
    return exports.download(exports.REGISTER, rows, file_format, exports.file_name(exports.REGISTER))


@role_required(ROLE_CADRE)
def my_cases(request):
    cases = list(own_cases(user=request.user).order_by("-created_at", "-pk"))
    return render(request, "recall/case_mine.html", {"cases": cases})


# --- one case ---------------------------------------------------------------------------------------------------


def _forms(request, case, posted: str = "", data=None) -> dict:
    forms = {}
    for name, action in ACTIONS.items():
        if name == posted:
            forms[name] = action.form(request, case, data)
        elif action.offered(case) and action.allowed(request.user, case):
            forms[name] = action.form(request, case, None)
    return forms


@role_required(*EVERYONE)
def case_detail(request, pk):
    case = get_object_or_404(case_list(user=request.user), pk=pk)
    if request.method != "POST":
        return render(request, "recall/case_detail.html", _context(request, case, _forms(request, case)))
    name = request.POST.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        return HttpResponseBadRequest(_("未知的操作。"))
    if not action.allowed(request.user, case):
        raise PermissionDenied
    forms = _forms(request, case, name, request.POST)
    form = forms[name]
    if form.is_valid():
        try:
            action.run(case, request.user, form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, action.done)
            return redirect("recall:case_detail", pk=case.pk)
    case = get_object_or_404(case_list(user=request.user), pk=pk)  # as it is now
    forms = {**_forms(request, case), name: form}
    context = _context(request, case, forms)
    context["posted"] = name
    return render(request, "recall/case_detail.html", context)


def _context(request, case, forms) -> dict:
    labels = dict(EvidenceSource.choices)
    return {
        "case": case,
        "forms": forms,
        "today": timezone.localdate(),
        "own_case": is_own(request.user, case.cadre),
        "is_hr": is_hr_of(request.user, case.cadre),
        "evidence": [labels[s] for s in case.evidence_sources if s in labels],
        "trainings": list(case.trainings.select_related("recorded_by")),
        "measures": list(case.measures.all()),
        "stages": stages_of(case),
        "calendar_warning": calendar_warning(*[d for d in (case.retraining_end, case.evaluation_due) if d]),
        "audit": audit_log_for(case)[:50],
    }


@role_required(*EVERYONE)
def case_order(request, pk):
    """The recall order (召回令), numbered, to print and hand over."""
    case = get_object_or_404(case_list(user=request.user).exclude(order_no=""), pk=pk)
    return render(request, "recall/case_order.html", {"case": case, "policy": case.policy})


urlpatterns = [
    path("cases/", case_list_page, name="case_list"),
    path("cases/export.csv", register_export, {"file_format": "csv"}, name="register_export_csv"),
    path("cases/export.xlsx", register_export, {"file_format": "xlsx"}, name="register_export_xlsx"),
    path("cases/mine/", my_cases, name="my_cases"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/order/", case_order, name="case_order"),
]
