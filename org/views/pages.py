from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from common.audit import audit_log_for
from org import panels, selectors
from org.accounts.state import account_state, is_privileged
from org.models import Unit
from org.permissions import role_required
from org.roles import (
    ROLE_ADMIN,
    ROLE_AUDITADMIN,
    ROLE_CADRE,
    ROLE_COMMITTEE,
    ROLE_HR,
    ROLE_RATER,
    ROLE_SECADMIN,
    ROLE_SYSADMIN,
    get_roles,
)

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)


def home(request):
    """Each role lands on its own page; a person with several roles lands on the broadest one. HR lands on where the
    year stands (overview), the committee on what awaits its decision."""
    roles = get_roles(request.user)
    if roles.has(ROLE_HR):
        return redirect("overview:year")
    if roles.has(ROLE_COMMITTEE):
        return redirect("committee_home")
    if roles.is_admin or roles.has(ROLE_SYSADMIN) or roles.has(ROLE_SECADMIN):
        return redirect("admin:index")
    if roles.has(ROLE_AUDITADMIN):
        return redirect("security:audit_log")
    if roles.has(ROLE_RATER):
        return redirect("rater_home")
    if roles.has(ROLE_CADRE):
        return redirect("me")
    return render(request, "org/no_role.html", status=403)


def _tree(units):
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ids = {u.pk for u in units}
    # Roots of the visible forest: units whose parent is not visible.
    roots = [u for u in units if u.parent_id not in ids]
    for unit in units:
        unit.visible_children = sorted(children.get(unit.pk, []), key=lambda u: (u.sort_order, u.name))
    return sorted(roots, key=lambda u: (u.organization_id, u.sort_order, u.name))


@role_required(*STAFF)
def unit_tree(request):
    units = list(
        selectors.unit_list(user=request.user).annotate(
            cadre_count=Count("cadres", filter=Q(cadres__left_on__isnull=True), distinct=True),
            post_count=Count("posts", filter=Q(posts__ended_on__isnull=True), distinct=True),
        )
    )
    context = {"roots": _tree(units), "unit_count": len(units), "can_write": _can_write(request.user)}
    return render(request, "org/unit_tree.html", context)


@role_required(*STAFF)
def unit_detail(request, pk):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=pk)
    posts = selectors.post_list(user=request.user).filter(unit=unit).prefetch_related("appointments__cadre")
    for post in posts:
        post.holders = [a for a in post.appointments.all() if a.end_date is None]  # type: ignore[attr-defined]  # for the template
    cadres = selectors.cadre_list_with_current_posts(user=request.user).filter(unit=unit)
    children = selectors.unit_list(user=request.user).filter(parent=unit).order_by("sort_order", "name")
    writable = selectors.writable_units(user=request.user)
    can_write = writable.filter(pk=unit.pk).exists()
    # Moving or closing a unit needs its parent in scope too: the top of an HR user's subtree is not theirs to move.
    can_restructure = can_write and unit.parent_id is not None and writable.filter(pk=unit.parent_id).exists()
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "posts": posts,
            "cadres": cadres.filter(left_on__isnull=True),
            "children": children,
            "audit": audit_log_for(unit)[:50],
            "can_write": can_write,
            "can_restructure": can_restructure,
        },
    )


def filtered_cadres(request, qs, params=None):
    """The cadre list's filter (name or 工号 `q`, the subtree of `unit`), applied to `qs`: (cadres, unit, q)."""
    params = request.GET if params is None else params
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employee_no__icontains=q))
    unit_id = params.get("unit", "")
    unit = None
    if unit_id.isdigit():
        unit = selectors.unit_list(user=request.user).filter(pk=unit_id).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    return qs, unit, q


def _can_write(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)


@role_required(*STAFF)
def cadre_list(request):
    qs, unit, q = filtered_cadres(request, selectors.cadre_list_with_current_posts(user=request.user))
    # Those who have left stay on record; the list shows them on request.
    left = request.GET.get("left") == "1"
    qs = qs.filter(left_on__isnull=not left).order_by("employee_no")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "unit": unit, "left": left, "can_write": _can_write(request.user)}
    return render(request, "org/cadre_list.html", context)


def cadre_context(request, cadre):
    return {
        "cadre": cadre,
        "appointments": selectors.appointment_list(user=request.user).filter(cadre=cadre).order_by("-start_date"),
        "memberships": selectors.membership_list(user=request.user).filter(cadre=cadre).order_by("-year"),
        "sanctions": selectors.sanction_list(user=request.user).filter(cadre=cadre),
    }


@role_required(*STAFF)
def cadre_detail(request, pk):
    cadre = get_object_or_404(selectors.cadre_list(user=request.user), pk=pk)
    context = cadre_context(request, cadre)
    context["audit"] = audit_log_for(cadre)[:50]
    context["sections"] = panels.cadre_sections_for(request, cadre)
    if selectors.writable_cadres(user=request.user).filter(pk=cadre.pk).exists():
        context["can_write"] = True
        context["account_state"] = account_state(cadre.user)
        context["account_managed_by_admin"] = is_privileged(cadre.user)
    return render(request, "org/cadre_detail.html", context)


@role_required(*STAFF)
def group_list(request):
    visible = selectors.cadre_list(user=request.user).values("pk")
    groups = selectors.group_list(user=request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__cadre__in=visible), distinct=True)
    )
    year = request.GET.get("year", "")
    if year.isdigit():
        groups = groups.filter(year=int(year))
    years = sorted(set(selectors.group_list(user=request.user).values_list("year", flat=True)), reverse=True)
    return render(request, "org/group_list.html", {"groups": groups, "years": years, "year": year})


@role_required(*STAFF)
def group_detail(request, pk):
    group = get_object_or_404(selectors.group_list(user=request.user), pk=pk)
    members = selectors.membership_list(user=request.user, group=group)
    return render(request, "org/group_detail.html", {"group": group, "members": members})


@role_required(ROLE_CADRE)
def me(request):
    cadre = get_roles(request.user).cadre
    context = cadre_context(request, cadre)
    context["panels"] = panels.panels_for(ROLE_CADRE, request)
    return render(request, "org/me.html", context)


@role_required(ROLE_COMMITTEE)
def committee_home(request):
    # Each workflow that needs the committee's decision (points and vetoes, step-down applications, appeals,
    # recalls) registers a section in org.panels; org itself knows none of them.
    return render(request, "org/committee_home.html", {"panels": panels.panels_for(ROLE_COMMITTEE, request)})


def healthz(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok", "home": reverse("home")})


healthz.login_exempt = True  # type: ignore[attr-defined]  # a mark read by common.middleware
