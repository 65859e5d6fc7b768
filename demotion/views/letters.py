"""Pages of the commitment letters (主动让贤承诺书) and of the step-down policy.

- `letter_list`: HR and the party committee, the letters of cadres in their units; filters 未签署 / 已逾期 / 已签署
  with counts; an overdue letter is highlighted with its days overdue.
- `letter_detail`: the cadre reads his letter and signs it (typed name); staff in scope read it.
- `letter_print`: the letter on a page of its own, laid out for printing.
- `my_letters`: the cadre's letters.
- `policy`: every staff member of the organization reads the policy; organization-wide HR (and the admin) edit it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.workdays import format_date
from demotion.forms.letters import LetterSignForm, PolicyForm
from demotion.selectors import letters as selectors
from demotion.services.letters import commitment_letter_sign, step_down_policy_update
from demotion.views.letters_overdue import may_act, overdue_forms
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_wide_hr

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
EVERYONE = (*STAFF, ROLE_CADRE)
PAGE_SIZE = 50
FILTER_LABELS = {
    selectors.UNSIGNED: gettext_lazy("未签署"),
    selectors.OVERDUE: gettext_lazy("已逾期"),
    selectors.SIGNED: gettext_lazy("已签署"),
}


def _ordered(qs):
    return qs.order_by(F("signed_at").asc(nulls_first=True), "due_date", "cadre__employee_no", "id")


@role_required(*STAFF)
def letter_list(request):
    today = timezone.localdate()
    scoped = selectors.letter_list(user=request.user)
    status = request.GET.get("status", "").strip()
    if status not in selectors.STATUS_FILTERS:
        status = ""
    page = Paginator(_ordered(selectors.letters_filtered(scoped, status, today)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(letter, selectors.letter_status(letter, today)) for letter in page]
    counts = selectors.letter_counts(scoped, today)
    filters = [("", _("全部"), counts["all"])] + [
        (code, str(label), counts[code]) for code, label in FILTER_LABELS.items()
    ]
    context = {"page": page, "rows": rows, "status": status, "filters": filters, "counts": counts, "today": today}
    return render(request, "demotion/letter_list.html", context)


def _visible_letter(request, pk):
    return get_object_or_404(selectors.letter_visible(user=request.user).select_related("signed_by"), pk=pk)


def _own(request, letter) -> bool:
    return letter.cadre.user_id is not None and letter.cadre.user_id == request.user.pk


@role_required(*EVERYONE)
def letter_detail(request, pk):
    letter = _visible_letter(request, pk)
    own = _own(request, letter)
    form = LetterSignForm(request.POST or None)
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid():
            try:
                commitment_letter_sign(letter=letter, actor=request.user, signed_name=form.cleaned_data["signed_name"])
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                messages.success(request, _("您已签署《主动让贤承诺书》。"))
                return redirect("demotion:letter_detail", pk=letter.pk)
        letter = _visible_letter(request, pk)  # as it is now
    context = detail_context(request, letter)
    context["form"] = form
    return render(request, "demotion/letter_detail.html", context)


def detail_context(request, letter) -> dict:
    own = _own(request, letter)
    today = timezone.localdate()
    status = selectors.letter_status(letter, today)
    return {
        "letter": letter,
        "status": status,
        "own": own,
        "can_sign": own and not letter.is_signed,
        "form": LetterSignForm(),
        "due_text": format_date(letter.due_date),
        "is_staff_view": not own,
        "audit": audit_log_for(letter)[:50] if not own else [],
        # An overdue letter has a way on: HR over the cadre records the paper one, reminds, or refers it.
        "may_act_overdue": status.code == "overdue" and may_act(request.user, letter),
        "reminded_today": letter.reminded_on == today,
        "overdue_forms": overdue_forms(),
    }


@role_required(*EVERYONE)
def letter_print(request, pk):
    letter = _visible_letter(request, pk)
    return render(
        request,
        "demotion/letter_print.html",
        {"letter": letter, "status": selectors.letter_status(letter, timezone.localdate())},
    )


@role_required(ROLE_CADRE)
def my_letters(request):
    today = timezone.localdate()
    rows = [(letter, selectors.letter_status(letter, today)) for letter in selectors.my_letters(user=request.user)]
    return render(request, "demotion/letter_mine.html", {"rows": rows})


# --- the policy ---------------------------------------------------------------------------------------------------


def _policy_organization(request):
    organizations = list(selectors.policy_organizations(user=request.user))
    chosen = request.POST.get("organization") or request.GET.get("organization") or ""
    if chosen:
        match = [o for o in organizations if str(o.pk) == chosen]
        if not match:
            raise Http404
        return match[0], organizations
    if not organizations:
        raise Http404
    return organizations[0], organizations


def _policy_initial(policy) -> dict:
    if policy is None:
        return {"letters_from": timezone.localdate(), "letter_months": 1, "application_working_days": 3}
    return {
        "letters_from": policy.letters_from,
        "letter_months": policy.letter_months,
        "application_working_days": policy.application_working_days,
    }


@role_required(*STAFF)
def policy(request):
    organization, organizations = _policy_organization(request)
    current = selectors.policy_for(organization)
    can_edit = organization_wide_hr(request.user, organization.pk)
    form = PolicyForm(request.POST or None, initial=_policy_initial(current))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                step_down_policy_update(
                    organization=organization,
                    actor=request.user,
                    letters_from=data["letters_from"],
                    letter_months=data["letter_months"],
                    application_working_days=data["application_working_days"],
                    reason=data["reason"],
                )
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                messages.success(request, _("已保存主动让贤办法。"))
                return redirect(f"{request.path}?organization={organization.pk}")
    context = {
        "organization": organization,
        "organizations": organizations,
        "policy": current,
        "can_edit": can_edit,
        "form": form,
        "audit": audit_log_for(current)[:50] if current else [],
    }
    return render(request, "demotion/policy_detail.html", context)


urlpatterns = [
    path("letters/", letter_list, name="letter_list"),
    path("letters/mine/", my_letters, name="my_letters"),
    path("letters/<int:pk>/", letter_detail, name="letter_detail"),
    path("letters/<int:pk>/print/", letter_print, name="letter_print"),
    path("policy/", policy, name="policy"),
]
