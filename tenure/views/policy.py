"""The tenure policy page: every staff member of the organization reads the version in effect and the history of
versions; organization-wide HR (and the admin) save a new version, which takes effect on its date and recomputes
the organization's terms."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from org.permissions import role_required
from tenure.access import org_wide_hr
from tenure.forms.policy import PolicyForm, policy_initial
from tenure.selectors.policy import PolicyBook, policy_organizations
from tenure.services.policy import policy_defaults, tenure_policy_create
from tenure.views.base import STAFF_ROLES, chosen_organization, submitted


@role_required(*STAFF_ROLES)
def policy(request):
    organization, organizations = chosen_organization(request, policy_organizations(user=request.user))
    book = PolicyBook.of(organization)
    today = timezone.localdate()
    current = book.at(today)
    can_edit = org_wide_hr(request.user, organization)
    initial = policy_initial(current, policy_defaults())
    initial["effective_from"] = today
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        done = submitted(
            request,
            form,
            write=lambda data: tenure_policy_create(
                organization=organization,
                actor=request.user,
                effective_from=data["effective_from"],
                values=form.values(),
                reason=data["reason"],
            ),
            message=lambda p: (
                _("已设立任期制办法第 %(v)s 版,自 %(date)s 起施行,任期已按新办法重新计算。")
                % {"v": p.version, "date": p.effective_from.isoformat()}
            ),
            to=f"{reverse('tenure:policy')}?organization={organization.pk}",
        )
        if done:
            return done
    context = {
        "organization": organization,
        "organizations": organizations,
        "current": current,
        "versions": list(reversed(book.versions)),
        "can_edit": can_edit,
        "form": form,
        "audit": audit_log_for(current)[:20] if current else [],
    }
    return render(request, "tenure/policy.html", context)


urlpatterns = [path("policy/", policy, name="policy")]
