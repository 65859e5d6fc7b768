"""Pages of the recall policies (召回管理办法): every version with its numbers, and a new version (HR of the whole
organization)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_list
from recall.forms.policies import PolicyForm
from recall.models import RecallPolicy
from recall.rules import is_organization_hr
from recall.selectors.policies import policy_in_force, policy_list
from recall.services.policies import SETTINGS, recall_policy_create

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)


@role_required(*STAFF)
def policy_list_page(request):
    organizations = list(organization_list(user=request.user))
    context = {
        "policies": policy_list(user=request.user),
        "may_create": any(is_organization_hr(request.user, o.pk) for o in organizations),
        "today": timezone.localdate(),
        "in_force": {o.pk: policy_in_force(o.pk, timezone.localdate()) for o in organizations},
    }
    return render(request, "recall/policy_list.html", context)


@role_required(*HR)
def policy_create(request):
    organizations = [o for o in organization_list(user=request.user) if is_organization_hr(request.user, o.pk)]
    chosen = request.POST.get("organization") or request.GET.get("organization") or ""
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0] if organizations else None)
    current = policy_in_force(organization.pk, timezone.localdate()) if organization else None
    initial = {name: getattr(current, name) for name in SETTINGS} if current else {}
    form = PolicyForm(request.POST or None, instance=RecallPolicy(), organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if organization is None:
                raise ApplicationError(
                    _("只有负责全机构的组织人事部门可以制定召回管理办法。"), code="permission_denied"
                )
            recall_policy_create(
                organization=organization,
                actor=request.user,
                effective_from=data["effective_from"],
                reason=data["reason"],
                **{name: data[name] for name in SETTINGS},
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("召回管理办法新版本已保存。"))
            return redirect("recall:policy_list")
    context = {"form": form, "organizations": organizations, "organization": organization, "current": current}
    return render(request, "recall/policy_form.html", context)


urlpatterns = [
    path("policies/", policy_list_page, name="policy_list"),
    path("policies/new/", policy_create, name="policy_create"),
]
