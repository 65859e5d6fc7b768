"""Pages of the recall batches: the list (the recall menu's first page), a new batch, one batch with its candidates
(proposed from the data by HR of the whole organization, by hand by HR over a cadre; decided by the committee case by
case), and its recall list (召回名单) as CSV or XLSX for the committee."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import cadres_in_scope, organization_list
from recall import exports
from recall.forms.batches import BatchForm, ProposeForm
from recall.models import RecallCase, RecallCategory
from recall.rules import is_organization_hr
from recall.selectors.cards import red_card_warnings
from recall.selectors.cases import batch_list, staff_cases
from recall.selectors.policies import categories_for, policy_in_force
from recall.services.batches import recall_batch_close, recall_batch_create, recall_batch_propose
from recall.services.proposals import recall_case_propose

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)


def _hr_organizations(request):
    return [o for o in organization_list(user=request.user) if is_organization_hr(request.user, o.pk)]


@role_required(*STAFF)
def batch_list_page(request):
    scoped = staff_cases(user=request.user)
    batches = batch_list(user=request.user).annotate(
        n=Count("cases", filter=Q(cases__in=scoped.values("pk")), distinct=True),
        live=Count(
            "cases",
            filter=Q(cases__in=scoped.values("pk")) & ~Q(cases__state__in=RecallCase.ENDED_STATES),
            distinct=True,
        ),
    )
    context = {
        "batches": batches,
        "may_create": bool(_hr_organizations(request)),
        "warnings": red_card_warnings(user=request.user, today=timezone.localdate()),
    }
    return render(request, "recall/batch_list.html", context)


@role_required(*HR)
def batch_create(request):
    organizations = organization_list(user=request.user).filter(pk__in=[o.pk for o in _hr_organizations(request)])
    form = BatchForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = data.get("organization") or organizations.first()
        try:
            if organization is None:
                raise ApplicationError(_("只有负责全机构的组织人事部门可以设立召回批次。"), code="permission_denied")
            batch = recall_batch_create(
                organization=organization, name=data["name"], year=data["year"], note=data["note"], actor=request.user
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("召回批次已设立。"))
            return redirect("recall:batch_detail", pk=batch.pk)
    return render(request, "recall/batch_form.html", {"form": form})


@role_required(*STAFF)
def batch_detail(request, pk):
    batch = get_object_or_404(batch_list(user=request.user), pk=pk)
    proposal = None
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "propose":
                proposal = recall_batch_propose(batch=batch, actor=request.user)
                messages.success(request, _("已提出 %(n)d 名召回对象。") % {"n": len(proposal.proposed)})
            elif action == "close":
                recall_batch_close(batch=batch, actor=request.user)
                messages.success(request, _("该批次已结束提名。"))
                return redirect("recall:batch_detail", pk=batch.pk)
            else:
                error = _("未知的操作。")
        except ApplicationError as refusal:
            error = refusal.message
        batch = get_object_or_404(batch_list(user=request.user), pk=pk)
    cases = staff_cases(user=request.user).filter(batch=batch).order_by("cadre__employee_no", "pk")
    context = {
        "batch": batch,
        "cases": cases,
        "proposal": proposal,
        "error": error,
        "organization_hr": is_organization_hr(request.user, batch.organization_id),
        "policy": policy_in_force(batch.organization_id, timezone.localdate()),
    }
    return render(request, "recall/batch_detail.html", context, status=400 if error else 200)


@role_required(*HR)
def case_propose(request, pk):
    batch = get_object_or_404(batch_list(user=request.user), pk=pk)
    categories = RecallCategory.objects.filter(pk__in=[c.pk for c in categories_for(batch.organization_id)])
    cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,)).filter(organization_id=batch.organization_id)
    form = ProposeForm(request.POST or None, cadres=cadres, categories=categories.order_by("sort_order", "code"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = recall_case_propose(
                batch=batch,
                cadre=data["cadre"],
                category=data["category"],
                actor=request.user,
                basis_date=data["basis_date"],
                basis=data["basis"],
                grade_year=data["grade_year"],
                card=data["cadre"].recall_cards.filter(color="red", state="approved").order_by("-issued_on").first(),
                competition_loss=data["cadre"].recall_competition_losses.order_by("-held_on").first(),
                evidence_sources=data["evidence_sources"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("已提出召回对象,等待党组决定。"))
            return redirect("recall:case_detail", pk=case.pk)
    return render(request, "recall/case_propose.html", {"form": form, "batch": batch})


@role_required(*STAFF)
def batch_export(request, pk, file_format):
    batch = get_object_or_404(batch_list(user=request.user), pk=pk)
    cases = list(staff_cases(user=request.user).filter(batch=batch).order_by("cadre__employee_no", "pk"))
    rows = exports.batch_rows(cases)
    exports.recall_export_record(
        actor=request.user, subjects=[batch], kind=exports.BATCH, file_format=file_format, rows=len(rows)
    )
    return exports.download(exports.BATCH, rows, file_format, exports.file_name(exports.BATCH, batch=batch))


urlpatterns = [
    path("", batch_list_page, name="batch_list"),
    path("batches/new/", batch_create, name="batch_create"),
    path("batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("batches/<int:pk>/propose/", case_propose, name="case_propose"),
    path("batches/<int:pk>/export.csv", batch_export, {"file_format": "csv"}, name="batch_export_csv"),
    path("batches/<int:pk>/export.xlsx", batch_export, {"file_format": "xlsx"}, name="batch_export_xlsx"),
]
