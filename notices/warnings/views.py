"""HR's page of the early-warning catalog: every kind, what it does, on or off for the organization; one button
switches a kind. Whole-bureau HR only (an HR role without a unit): the catalog is the organization's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.errors import ApplicationError
from notices.warnings import selectors, services
from org.permissions import role_required
from org.roles import ROLE_HR


@role_required(ROLE_HR)
@require_http_methods(["GET", "POST"])
def catalog(request):
    organizations = selectors.switch_organizations(user=request.user)
    if not organizations:
        raise PermissionDenied
    if request.method == "POST":
        by_pk = {str(o.pk): o for o in organizations}
        organization = by_pk.get(request.POST.get("organization", ""))
        enabled = request.POST.get("enabled")
        if organization is None or enabled not in ("1", "0"):
            messages.error(request, _("请求不完整,未作改动。"))
            return redirect("notices:warnings")
        try:
            services.warning_switch_set(
                organization=organization,
                kind=request.POST.get("kind", ""),
                enabled=enabled == "1",
                actor=request.user,
                reason=request.POST.get("reason", "").strip()[:200],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已启用该预警。") if enabled == "1" else _("已停用该预警。"))
        return redirect("notices:warnings")
    sections = [(organization, selectors.catalog_for(organization)) for organization in organizations]
    return render(request, "notices/warnings.html", {"sections": sections, "several": len(sections) > 1})
