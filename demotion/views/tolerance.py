"""Pages of error tolerance (容错免责) and correction (纠错).

HR requests an exemption for a cadre in its units (or a cadre for himself), naming one approved deduction or veto;
the party committee answers the three tests and decides on the case's page; the correction's five steps are then
recorded there in order. The disclosure page lists every approved case of the user's organization (《陕西省党政干部容错纠错办法(试行)》:
公开容错纠错对象、事件、原因). The rules are in demotion.services.tolerance.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from common.models import AuditLog
from demotion.forms.tolerance import CorrectionStepForm, ToleranceDecisionForm, ToleranceRequestForm
from demotion.models import Correction, ToleranceCase
from demotion.readback import tolerance_readback
from demotion.selectors import tolerance as selectors
from demotion.services import tolerance as services
from org.permissions import cadre_acted_for, role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, get_roles

EVERYONE = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)
REQUESTERS = (ROLE_ADMIN, ROLE_HR, ROLE_CADRE)
RECORDERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
PAGE_SIZE = 50


def _form_error(form, error: ApplicationError, renames: dict | None = None) -> None:
    """The service's field names as the form's (the request's "entry" is the page's "option")."""
    renames = renames or {}
    fields = {renames.get(k, k): v for k, v in error.field_errors.items()}
    add_error_to_form(form, ApplicationError(error.message, field_errors=fields, code=error.code))


# --- the list -----------------------------------------------------------------------------------------------------


@role_required(*EVERYONE)
def tolerance_list(request):
    scoped = selectors.tolerance_case_list(user=request.user)
    chosen = {"state": request.GET.get("state", "").strip(), "year": request.GET.get("year", "").strip()}
    qs = scoped
    if chosen["state"] in ToleranceCase.State.values:
        qs = qs.filter(state=chosen["state"])
    if chosen["year"].isdigit():
        qs = qs.filter(year=int(chosen["year"]))
    roles = get_roles(request.user)
    context = {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "years": sorted(set(scoped.order_by().values_list("year", flat=True).distinct()), reverse=True),
        "states": ToleranceCase.State.choices,
        "chosen": chosen,
        "can_request": any(roles.has(r) for r in REQUESTERS),
        "awaiting_count": selectors.awaiting_decision(user=request.user).count() if roles.has(ROLE_COMMITTEE) else None,
    }
    return render(request, "demotion/tolerance_list.html", context)


# --- the request --------------------------------------------------------------------------------------------------


@role_required(*REQUESTERS)
def tolerance_create(request):
    acting = cadre_acted_for(request, candidates=selectors.requestable_cadres(user=request.user))
    cadre = acting.cadre
    options = selectors.tolerance_options(cadre=cadre) if cadre is not None else []
    form = ToleranceRequestForm(request.POST or None, options=options)
    if request.method == "POST" and cadre is not None and form.is_valid():
        option = form.chosen
        try:
            case = services.tolerance_request(
                cadre=cadre,
                target=option.target,
                entry=option.entry,
                event=form.cleaned_data["event"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as e:
            _form_error(form, e, {"entry": "option", "target": "option"})
        else:
            messages.success(
                request, _("已提交容错免责申请:%(subject)s。党组(党委)将作出认定。") % {"subject": option.label}
            )
            return redirect("demotion:tolerance_detail", pk=case.pk)
    context = {"form": form, "options": options, **acting.context()}
    return render(request, "demotion/tolerance_form.html", context)


# --- one case: the decision and the correction --------------------------------------------------------------------


@role_required(*EVERYONE)
def tolerance_detail(request, pk):
    decision_form, step_form = ToleranceDecisionForm(), None
    if request.method == "POST":
        if request.POST.get("form") == "step":
            step_form, done = _record_step(request, pk)
        else:
            decision_form, done = _decide(request, pk)
            if done == CONFIRM:
                return _confirm_page(request, pk, decision_form)
        if done is True:
            return redirect("demotion:tolerance_detail", pk=pk)
    case = get_object_or_404(selectors.tolerance_case_list(user=request.user), pk=pk)
    return render(request, "demotion/tolerance_detail.html", _detail_context(request, case, decision_form, step_form))


def _decide(request, pk):
    if not get_roles(request.user).has(ROLE_COMMITTEE):
        raise PermissionDenied
    case = get_object_or_404(selectors.decidable_tolerance_cases(user=request.user), pk=pk)
    form = ToleranceDecisionForm(request.POST)
    if form.is_valid() and request.POST.get("back") == "1":
        return form, False
    if form.is_valid() and form.approve and request.POST.get("confirmed") != "1":
        try:
            _dry_run(case, form, request.user)
        except ApplicationError as e:
            _form_error(form, e)
            return form, False
        return form, CONFIRM
    if form.is_valid():
        try:
            decided = services.tolerance_decide(
                case=case,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                **form.answers(),
            )
        except ApplicationError as e:
            _form_error(form, e)
        else:
            messages.success(request, _decision_message(decided))
            return form, True
    return form, False


CONFIRM = "confirm"


class _DryRun(Exception):
    pass


def _dry_run(case, form, user) -> None:
    """The exemption granted and undone in one transaction (the re-computation included): a refusal is raised."""
    try:
        with transaction.atomic():
            services.tolerance_decide(
                case=ToleranceCase.objects.get(pk=case.pk),
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                actor=user,
                **form.answers(),
            )
            raise _DryRun
    except _DryRun:
        pass


def _confirm_page(request, pk, form):
    """予以容错免责 read back before it is made: the item leaves the year's computation, the result is re-versioned,
    the case is disclosed."""
    case = get_object_or_404(selectors.decidable_tolerance_cases(user=request.user), pk=pk)
    readback = tolerance_readback(case=case, subject=selectors.entry_label(case.entry))
    hidden = [("form", "decide")]
    context = {"readback": readback, "confirm_form": form, "hidden": hidden}
    return render(request, "demotion/confirm.html", context)


def _record_step(request, pk):
    if not any(get_roles(request.user).has(r) for r in RECORDERS):
        raise PermissionDenied
    case = get_object_or_404(selectors.recordable_cases(user=request.user), pk=pk)
    correction = Correction.objects.filter(tolerance_case=case).first()
    form = CorrectionStepForm(request.POST)
    if correction is None:
        form.is_valid()
        form.add_error(None, _("该申请尚未予以容错免责,没有纠错步骤可记录。"))
    elif form.is_valid():
        try:
            record = services.correction_step_record(correction=correction, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("已记录纠错步骤“%(step)s”。") % {"step": record.get_step_display()})
            return form, True
    return form, False


def _decision_message(case: ToleranceCase) -> str:
    if case.state == ToleranceCase.State.REJECTED:
        return _("已认定不予容错。")
    run = case.run
    if run is None:
        return _("已予以容错免责,该记录不再计入考核;纠错程序已启动。")
    run.refresh_from_db()
    return _("已予以容错免责,%(year)s 年考核结果已重新计算(第 %(version)s 版,%(status)s);纠错程序已启动。") % {
        "year": run.year,
        "version": run.version,
        "status": run.get_status_display(),
    }


def _detail_context(request, case: ToleranceCase, decision_form, step_form) -> dict:
    roles = get_roles(request.user)
    decidable = (
        case.state == ToleranceCase.State.REQUESTED
        and roles.has(ROLE_COMMITTEE)
        and selectors.decidable_tolerance_cases(user=request.user).filter(pk=case.pk).exists()
    )
    correction = Correction.objects.filter(tolerance_case=case).first()
    steps = selectors.correction_steps(correction)
    next_step = next((s for s in steps if s["is_next"]), None)
    may_record = (
        correction is not None
        and next_step is not None
        and any(roles.has(r) for r in RECORDERS)
        and selectors.recordable_corrections(user=request.user).filter(pk=correction.pk).exists()
    )
    if may_record and step_form is None:
        step_form = CorrectionStepForm(initial={"step": int(next_step["step"]), "done_on": timezone.localdate()})
    entry = case.entry
    # The case's history, its correction's, and the exemption of its item.
    subjects = Q(subject_type=ContentType.objects.get_for_model(ToleranceCase), subject_id=str(case.pk))
    if correction is not None:
        subjects |= Q(subject_type=ContentType.objects.get_for_model(Correction), subject_id=str(correction.pk))
    subjects |= Q(
        subject_type=ContentType.objects.get_for_model(type(entry)),
        subject_id=str(entry.pk),
        action__endswith=".exempt",
    )
    audit = AuditLog.objects.filter(subjects).select_related("actor")
    return {
        "case": case,
        "entry": entry,
        "subject": selectors.entry_label(entry),
        "decidable": decidable,
        "own_case": roles.cadre is not None and roles.cadre.pk == case.cadre_id,
        "on_behalf": case.requested_by_id is not None and case.requested_by_id != case.cadre.user_id,
        "tests": [
            (ToleranceDecisionForm.base_fields[name].label, getattr(case, name)) for name in ToleranceDecisionForm.TESTS
        ],
        "correction": correction,
        "steps": steps,
        "next_step": next_step,
        "may_record": may_record,
        "decision_form": decision_form,
        "step_form": step_form,
        "audit": audit.order_by("-created_at", "-id")[:50],
    }


# --- the disclosure -----------------------------------------------------------------------------------------------


def tolerance_disclosure(request):
    """Every signed-in user of the organization, cadres included; nobody else (the admin sees all)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    ids = selectors.disclosure_organization_ids(user=request.user)
    if ids is not None and not ids:
        raise PermissionDenied
    qs = selectors.tolerance_disclosure(user=request.user)
    return render(
        request,
        "demotion/tolerance_disclosure.html",
        {"page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))},
    )


urlpatterns = [
    path("tolerance/", tolerance_list, name="tolerance_list"),
    path("tolerance/new/", tolerance_create, name="tolerance_create"),
    path("tolerance/disclosure/", tolerance_disclosure, name="tolerance_disclosure"),
    path("tolerance/<int:pk>/", tolerance_detail, name="tolerance_detail"),
]
