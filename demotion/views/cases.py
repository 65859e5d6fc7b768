"""Pages of the step-down (主动让贤) cases.

HR and the party committee list the cases of their units; everyone with a case in view opens it: the cadre submits
the application, HR records a paper one or carries out the new assignment, the party group approves or rejects. The
rules are in demotion.services.cases; a page shows only the form that fits the viewer and the state.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.workdays import calendar_warning, format_date
from demotion.cases_rules import (
    application_wording,
    is_committee_of,
    is_hr_of,
    is_own,
    state_refusal,
    working_days_left,
)
from demotion.forms.cases import AdjustForm, ApplyForm, ApproveForm, ExecuteForm, PaperApplicationForm, RejectForm
from demotion.models import StepDownCase
from demotion.readback import adjustment_readback, stepdown_approve_readback
from demotion.selectors.cases import (
    RELATED,
    awaiting_decision,
    own_cases,
    staff_case_list,
    state_counts,
    stepdown_case_list,
)
from demotion.selectors.measures import can_record_for, waiting_periods
from demotion.services import cases as services
from demotion.services.adjustment import stepdown_case_adjust
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR
from org.selectors import post_list

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
EVERYONE = (*STAFF, ROLE_CADRE)
PAGE_SIZE = 50


def _export_url(name: str, year) -> str:
    # The exports are another part of the app; link to them when this installation has them.
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?year={year}" if year else url


# --- the list ---------------------------------------------------------------------------------------------------


@role_required(*STAFF)
def case_list(request):
    # The committee's 待决事项 panel links here with todo=decide: the same cases it counts (applications to decide
    # and escalated cases to settle, every year).
    todo = request.GET.get("todo") == "decide"
    scoped = awaiting_decision(user=request.user) if todo else staff_case_list(user=request.user)
    chosen = {k: request.GET.get(k, "").strip() for k in ("year", "state", "group")}
    years = sorted(set(scoped.order_by().values_list("year", flat=True).distinct()), reverse=True)
    if not chosen["year"] and years and not todo:
        chosen["year"] = str(years[0])
    qs = scoped
    if chosen["year"].isdigit():
        qs = qs.filter(year=int(chosen["year"]))
    groups = sorted(set(qs.order_by().values_list("group_name", flat=True).distinct()))
    if chosen["group"]:
        qs = qs.filter(group_name=chosen["group"])
    counts = state_counts(qs)
    if chosen["state"] in StepDownCase.State.values:
        qs = qs.filter(state=chosen["state"])
    year = chosen["year"] if chosen["year"].isdigit() else ""
    context = {
        "page": Paginator(qs.order_by("-year", "group_name", "rank", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "years": years,
        "groups": groups,
        "states": [(value, label, counts[value]) for value, label in StepDownCase.State.choices],
        "total": sum(counts.values()),
        "chosen": chosen,
        "todo": todo,
        "today": timezone.localdate(),
        "export_csv": _export_url("demotion:stepdown_export_csv", year),
        "export_xlsx": _export_url("demotion:stepdown_export_xlsx", year),
    }
    return render(request, "demotion/case_list.html", context)


@role_required(ROLE_CADRE)
def my_cases(request):
    cases = list(own_cases(user=request.user).order_by("-year", "-pk"))
    today = timezone.localdate()
    for case in cases:
        case.days_left = working_days_left(case.deadline, today) if case.state == StepDownCase.State.NOTIFIED else None
    return render(request, "demotion/case_mine.html", {"cases": cases, "today": today})


# --- one case ---------------------------------------------------------------------------------------------------


def _posts(request, case):
    """The posts a new assignment may name: the organization's, as far as the viewer's scope reaches."""
    return (
        post_list(user=request.user).filter(unit__organization_id=case.organization_id).order_by("unit__path", "name")
    )


def _forms(request, case, data=None, action: str = "") -> dict:
    """The forms the viewer may use on the case in its state; the one posted is bound to `data`."""
    user, state, today = request.user, case.state, timezone.localdate()

    def bound(name):
        return data if action == name else None

    forms = {}
    if state == StepDownCase.State.NOTIFIED and is_own(user, case) and today <= case.deadline:
        forms["apply"] = ApplyForm(bound("apply"), initial={"text": application_wording(case)})
    if state == StepDownCase.State.NOTIFIED and is_hr_of(user, case):
        forms["paper"] = PaperApplicationForm(bound("paper"), initial={"applied_on": min(today, case.deadline)})
    if is_committee_of(user, case) and not is_own(user, case):
        if state == StepDownCase.State.APPLIED:
            forms["approve"] = ApproveForm(
                bound("approve"), posts=_posts(request, case), initial={"step_down_on": today}
            )
        if state in (StepDownCase.State.APPLIED, StepDownCase.State.ESCALATED):
            forms["reject"] = RejectForm(bound("reject"))
        if state == StepDownCase.State.ESCALATED:
            forms["adjust"] = AdjustForm(
                bound("adjust"), posts=_posts(request, case), initial={"decided_on": today, "effective_from": today}
            )
    if state == StepDownCase.State.APPROVED and is_hr_of(user, case):
        forms["execute"] = ExecuteForm(
            bound("execute"),
            posts=_posts(request, case),
            initial={"executed_on": today, "new_post": case.new_post_id, "new_assignment": case.new_assignment},
        )
    return forms


ALLOWED = {
    "apply": is_own,
    "paper": is_hr_of,
    "approve": is_committee_of,
    "reject": is_committee_of,
    "adjust": is_committee_of,
    "execute": is_hr_of,
}


def _carry_out(action: str, case, form, user):
    data = form.cleaned_data
    if action == "apply":
        return services.stepdown_case_apply(case=case, actor=user, text=data["text"])
    if action == "paper":
        return services.stepdown_case_apply(
            case=case, actor=user, text=data["text"], paper=True, applied_on=data["applied_on"]
        )
    if action == "approve":
        return services.stepdown_case_approve(
            case=case,
            actor=user,
            reason=data["reason"],
            step_down_on=data["step_down_on"],
            new_post=data["new_post"],
            new_assignment=data["new_assignment"],
        )
    if action == "reject":
        return services.stepdown_case_reject(case=case, actor=user, reason=data["reason"])
    if action == "adjust":
        return stepdown_case_adjust(
            case=case,
            actor=user,
            kind=data["kind"],
            decided_on=data["decided_on"],
            effective_from=data["effective_from"],
            reason=data["reason"],
            document_no=data["document_no"],
            new_post=data["new_post"],
        )
    return services.stepdown_case_execute(
        case=case,
        actor=user,
        executed_on=data["executed_on"],
        new_post=data["new_post"],
        new_assignment=data["new_assignment"],
    )


DONE = {
    "apply": gettext_lazy("已提交主动让贤申请,等待局党组研究决定。"),
    "paper": gettext_lazy("已登记纸质申请,等待局党组研究决定。"),
    "approve": gettext_lazy("已准予主动让贤:现任职务已免去,保留职级。"),
    "reject": gettext_lazy("已作出不予准予的决定。"),
    "adjust": gettext_lazy("已决定组织调整,事项已办结。"),
    "execute": gettext_lazy("已办理工作安排。"),
}


@role_required(*EVERYONE)
def case_detail(request, pk):
    case = get_object_or_404(stepdown_case_list(user=request.user), pk=pk)
    if request.method != "POST":
        return render(request, "demotion/case_detail.html", _context(request, case, _forms(request, case)))
    action = request.POST.get("action", "")
    if action not in ALLOWED:
        return HttpResponseBadRequest(_("未知的操作。"))
    if not ALLOWED[action](request.user, case):
        raise PermissionDenied
    forms = _forms(request, case, request.POST, action)
    form = forms.get(action)
    if form is None:  # the state (or the deadline) no longer offers it: the service says why
        form = _unbound_for(action, request, case)
        try:
            _carry_out_unchecked(action, case, request)
        except ApplicationError as e:
            add_error_to_form(form, e)
        forms[action] = form
    elif request.POST.get("back") == "1":  # back from the confirmation step: the form as it was filled in
        context = _context(request, case, forms)
        context["posted"] = action
        return render(request, "demotion/case_detail.html", context)
    elif form.is_valid() and action in READBACK and request.POST.get("confirmed") != "1":
        # A consequential decision is read back before it is made: the page says what will happen, the person
        # confirms (or goes back to change it). What the service would refuse is said now, not after confirming.
        try:
            _dry_run(action, case, form, request.user)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            context = _context(request, case, forms)
            context.update({"confirm_form": form, "confirm_action": action, "readback": READBACK[action](case, form)})
            return render(request, "demotion/case_confirm.html", context)
    elif form.is_valid():
        try:
            _carry_out(action, case, form, request.user)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, DONE[action])
            return redirect("demotion:case_detail", pk=case.pk)
    case = get_object_or_404(stepdown_case_list(user=request.user), pk=pk)  # as it is now
    context = _context(request, case, forms)
    context["posted"] = action
    return render(request, "demotion/case_detail.html", context)


def _approve_readback(case, form) -> list[str]:
    data = form.cleaned_data
    return stepdown_approve_readback(
        case=case, step_down_on=data["step_down_on"], new_post=data["new_post"], new_assignment=data["new_assignment"]
    )


def _adjust_readback(case, form) -> list[str]:
    data = form.cleaned_data
    return adjustment_readback(
        case=case, kind=data["kind"], effective_from=data["effective_from"], new_post=data["new_post"]
    )


READBACK = {"approve": _approve_readback, "adjust": _adjust_readback}


class _DryRun(Exception):
    pass


def _dry_run(action: str, case, form, user) -> None:
    """The decision made and undone in one transaction (notices' e-mails go out later from committed rows only): a
    refusal is raised as ApplicationError, nothing stays."""
    try:
        with transaction.atomic():
            _carry_out(action, StepDownCase.objects.select_related(*RELATED).get(pk=case.pk), form, user)
            raise _DryRun
    except _DryRun:
        pass


def _unbound_for(action, request, case):
    """The posted form, bound and checked (so that a refusal can be added to it) though the page no longer offers it."""
    if action in ("approve", "execute", "adjust"):
        form_class = {"approve": ApproveForm, "execute": ExecuteForm, "adjust": AdjustForm}[action]
        form = form_class(request.POST, posts=_posts(request, case))
    else:
        form = {"apply": ApplyForm, "paper": PaperApplicationForm, "reject": RejectForm}[action](request.POST)
    form.is_valid()
    return form


def _carry_out_unchecked(action, case, request):
    """A form the page no longer offers: the service is asked anyway, so that the refusal names the reason (the
    state, the deadline) rather than a silent no."""
    if action == "apply":
        services.stepdown_case_apply(case=case, actor=request.user, text=request.POST.get("text", ""))
    elif action == "reject":
        services.stepdown_case_reject(case=case, actor=request.user, reason=request.POST.get("reason", ""))
    else:
        # Dates and posts need their form's parsing: a state that offers no form is refused as such.
        state_refusal(case, _("办理此项"))


def _context(request, case, forms) -> dict:
    today = timezone.localdate()
    days_left = working_days_left(case.deadline, today)
    return {
        "case": case,
        "forms": forms,
        "today": today,
        "deadline_text": format_date(case.deadline),
        "published_text": format_date(case.published_on),
        "days_left": days_left,
        "overdue": days_left is None,
        "waiting": case.state == StepDownCase.State.NOTIFIED,
        "own_case": is_own(request.user, case),
        "calendar_warning": calendar_warning(case.deadline),
        "audit": audit_log_for(case)[:50],
        # An escalated case goes to organizational adjustment: HR records the measure the party group decides.
        "may_record_measure": case.state == StepDownCase.State.ESCALATED
        and can_record_for(user=request.user, cadre=case.cadre),
        "measure_period": _measure_period(case),
    }


def _measure_period(case):
    """The waiting period of the measure that closed the case (None when it carries none)."""
    if case.measure_id is None:
        return None
    periods = waiting_periods(cadre_ids=[case.cadre_id], on=case.measure.effective_from, running=False)
    return next((p for p in periods.get(case.cadre_id, []) if p.record_id == case.measure_id), None)


urlpatterns = [
    path("cases/", case_list, name="case_list"),
    path("cases/mine/", my_cases, name="my_cases"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
]
