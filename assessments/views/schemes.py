"""Pages: schemes (list, create, detail, edit with versions), opening and closing periods, bulk rater assignment.

Setting a scheme up (create, edit, periods) is for the admin and HR whose scope is the whole organization; other
HR and the party committee read. Rater assignment is for HR, over the ratees in their scope.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import services
from assessments.forms.assign import AssignForm
from assessments.forms.schemes import (
    SchemeCreateForm,
    SchemeSettingsForm,
    component_formset,
    component_rows,
    place_scheme_errors,
    settings_rows,
)
from assessments.models import Period, Scheme
from assessments.presets import TEMPLATES
from assessments.selectors.publication import is_published
from assessments.selectors.rater_privacy import label_rows, raters_shown
from assessments.selectors.raters import (
    assignment_list,
    assignment_preview,
    assignment_raters,
    assignments_of_raters,
    scored_cells,
)
from assessments.selectors.schemes import (
    HR_ONLY,
    ComponentCounts,
    scheme_audit,
    scheme_component_counts,
    scheme_creatable_organizations,
    scheme_creation_allowed,
    scheme_list_with_components,
    scheme_score_count,
    scheme_versions,
)
from assessments.selectors.schemes import scheme_list as visible_schemes
from common.errors import ApplicationError
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import STAFF_ROLES, organization_wide_hr

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)
RATERS_PER_PAGE = 20
PERIOD_ORDER = list(Period.Kind.values)  # Q1–Q4, H1, H2, the year
MAX_NAMES_PREVIEWED = 30

# A custom scheme starts with one component carrying the whole weight; HR then edits the table.
CUSTOM_START = [{"code": "overall", "name": "综合评价", "weight": 100, "frequency": "yearly", "aggregation": "mean"}]


def _scheme(request, pk, roles=STAFF_ROLES) -> Scheme:
    return get_object_or_404(visible_schemes(user=request.user, roles=roles), pk=pk)


def _require_setup(user, scheme: Scheme) -> None:
    if not organization_wide_hr(user, scheme.organization_id):
        raise PermissionDenied


def _can_assign(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)


@role_required(*STAFF)
def scheme_list(request):
    schemes = scheme_list_with_components(user=request.user)
    return render(
        request,
        "assessments/scheme_list.html",
        {"schemes": schemes, "can_create": scheme_creation_allowed(user=request.user)},
    )


@role_required(*HR)
def scheme_create(request):
    organizations = scheme_creatable_organizations(user=request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = SchemeCreateForm(request.POST or None, organizations=organizations, year=timezone.localdate().year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        custom = data["template"] == Scheme.Template.CUSTOM
        try:
            scheme = services.scheme_create(
                organization=data["organization"],
                year=data["year"],
                template=data["template"],
                effective_date=data["effective_date"],
                components=CUSTOM_START if custom else None,
                actor=request.user,
            )
        except ApplicationError as e:
            for message in place_scheme_errors(e, form, None, {}):
                form.add_error(None, message)
        else:
            if custom:
                messages.info(request, _("已创建自定义方案,含一个占位考核项目。请点击“修改方案”设置考核项目和权重。"))
            else:
                messages.success(request, _("已创建考核方案:%(scheme)s。") % {"scheme": scheme})
            return redirect("assessments:scheme_detail", pk=scheme.pk)
    templates = [(key, Scheme.Template(key).label, preset["components"]) for key, preset in TEMPLATES.items()]
    return render(request, "assessments/scheme_create.html", {"form": form, "templates": templates})


@role_required(*STAFF)
def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    components = list(scheme.components.order_by("sort_order", "id"))
    counts = scheme_component_counts(user=request.user, scheme=scheme)
    for c in components:
        c.counts = counts.get(c.pk, ComponentCounts())
    periods = sorted(scheme.periods.all(), key=lambda p: PERIOD_ORDER.index(p.kind))
    audit = scheme_audit(scheme=scheme, period_ids=[p.pk for p in periods])[:50]
    locked = is_published(organization_id=scheme.organization_id, year=scheme.year)
    return render(
        request,
        "assessments/scheme_detail.html",
        {
            "scheme": scheme,
            "components": components,
            "weight_total": sum(c.weight for c in components),
            "periods": periods,
            "versions": list(scheme_versions(scheme=scheme)),
            "settings_rows": settings_rows(scheme),
            "audit": audit,
            "can_manage": scheme.is_current
            and not locked
            and organization_wide_hr(request.user, scheme.organization_id),
            "locked": locked,
            "can_assign": _can_assign(request.user),
        },
    )


@role_required(*HR)
def scheme_edit(request, pk):
    scheme = _scheme(request, pk)
    _require_setup(request.user, scheme)
    if not scheme.is_current:
        current = scheme_versions(scheme=scheme).filter(status=Scheme.Status.CURRENT).first()
        return render(
            request,
            "assessments/scheme_edit.html",
            {"scheme": scheme, "superseded": True, "current": current},
            status=409 if request.method == "POST" else 200,
        )
    score_count = scheme_score_count(scheme=scheme)
    data = request.POST if request.method == "POST" else None
    form = SchemeSettingsForm(data, scheme=scheme, require_reason=score_count > 0)
    formset = component_formset(data, scheme)
    table_errors = []
    if data is not None:
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            rows, index_map = component_rows(formset)
            try:
                target = services.scheme_update(
                    scheme=scheme,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    components=rows,
                    **form.settings_values(),
                )
            except ApplicationError as e:
                table_errors = place_scheme_errors(e, form, formset, index_map)
            else:
                _report_update(request, scheme, target)
                return redirect("assessments:scheme_detail", pk=target.pk)
    return render(
        request,
        "assessments/scheme_edit.html",
        {
            "scheme": scheme,
            "form": form,
            "formset": formset,
            "table_errors": table_errors,
            "score_count": score_count,
            "next_version": scheme_versions(scheme=scheme).count() + 1,
            "setting_groups": [(title, [form[f] for f in fields]) for title, fields in SETTING_GROUPS],
        },
    )


SETTING_GROUPS = [
    (gettext_lazy("基本信息"), ["name", "effective_date"]),
    (
        gettext_lazy("末位确定"),
        ["bottom_ratio", "bottom_rounding", "bottom_minimum", "bottom_minimum_group_size", "min_group_size"],
    ),
    (gettext_lazy("优秀比例"), ["excellent_quota", "excellent_quota_approval"]),
    (gettext_lazy("加减分上限"), ["bonus_cap", "deduction_cap"]),
    (gettext_lazy("等次"), ["grade_scale", "basic_below", "incompetent_below", "veto_cap"]),
    (gettext_lazy("申诉与预警"), ["appeal_working_days", "warning_ratio"]),
]


def _report_update(request, scheme: Scheme, target: Scheme) -> None:
    if target.pk != scheme.pk:
        carried = scheme_score_count(scheme=target)
        messages.success(
            request,
            _(
                "已生成第 %(version)s 版方案。%(carried)s 条评分已转入新版本,%(dropped)s 条未转入"
                "(考核项目或期间已删除、频次改变或分数超出新的分值范围);第 %(old)s 版保留其全部评分,只读。"
            )
            % {
                "version": target.version,
                "carried": carried,
                "dropped": target.scores_not_carried_over,
                "old": scheme.version,
            },
        )
    elif not hasattr(target, "scores_not_carried_over"):
        messages.info(request, _("没有需要保存的修改。"))
    else:
        messages.success(request, _("方案已保存。"))


def _period(request, pk) -> Period:
    visible = visible_schemes(user=request.user).values("pk")
    period = get_object_or_404(Period.objects.select_related("scheme").filter(scheme_id__in=visible), pk=pk)
    _require_setup(request.user, period.scheme)
    return period


def _period_action(request, pk, service, done: str):
    period = _period(request, pk)
    try:
        service(period=period, actor=request.user)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done % {"period": period})
    return redirect("assessments:scheme_detail", pk=period.scheme_id)


@require_POST
@role_required(*HR)
def period_open(request, pk):
    return _period_action(request, pk, services.period_open, _("%(period)s已开始评分。"))


@require_POST
@role_required(*HR)
def period_close(request, pk):
    return _period_action(request, pk, services.period_close, _("%(period)s已结束评分。"))


# --- rater assignment --------------------------------------------------------------------------------------------


def _assignment_table(request, scheme: Scheme) -> dict:
    """Raters of the scheme (their ratees in the user's scope), a page at a time, each with their assignments."""
    page = Paginator(assignment_raters(user=request.user, scheme=scheme), RATERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    rater_ids = [row["rater_id"] for row in rows]
    by_rater = defaultdict(list)
    if rater_ids:
        scored = scored_cells(scheme=scheme, rater_ids=rater_ids)
        for a in assignments_of_raters(user=request.user, scheme=scheme, rater_ids=rater_ids):
            a.has_score = (a.component_id, a.rater_id, a.ratee_id) in scored
            by_rater[a.rater_id].append(a)
    shown = raters_shown(
        user=request.user, raters=[(r["rater_id"], r["rater__name"], r["rater__employee_no"]) for r in rows]
    )
    for row in rows:
        row["assignments"] = by_rater[row["rater_id"]]
        row["shown"] = shown[row["rater_id"]]
        if row["shown"].hidden:  # nothing of a hidden rater stays in the row: not even the unit
            row.update(rater__name=row["shown"].name, rater__employee_no=None, rater__unit__name=None)
    return {"page": page, "rater_rows": rows}


def _assign_error(form, error: ApplicationError) -> None:
    for field, messages_ in error.field_errors.items():
        for message in messages_ if isinstance(messages_, list | tuple) else [messages_]:
            if field in form.fields:
                form.add_error(field, message)
    form.add_error(None, error.message)


def _preview(form) -> dict:
    components = list(form.cleaned_data["components"])
    raters, ratees = form.rater_list, form.ratee_list
    return {
        "counts": assignment_preview(components=components, raters=raters, ratees=ratees),
        "components": components,
        "raters": raters[:MAX_NAMES_PREVIEWED],
        "ratees": ratees[:MAX_NAMES_PREVIEWED],
        "rater_count": len(raters),
        "ratee_count": len(ratees),
        "no_login": [r for r in raters if r.user_id is None],
        "out_of_scope": form.ratees_out_of_scope,
    }


@role_required(*HR)
def assign_raters(request, pk):
    scheme = _scheme(request, pk, roles=HR_ONLY)
    here = reverse("assessments:assign_raters", kwargs={"pk": scheme.pk})
    action = request.POST.get("action", "preview")
    if request.method == "POST" and not scheme.is_current:
        messages.error(request, _("这是已被取代的旧版本方案,不能再修改评分关系。"))
        return redirect(here)
    if request.method == "POST" and action == "remove":
        return _remove_assignment(request, scheme, here)
    form = AssignForm(request.POST or None, user=request.user, scheme=scheme)
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "save":
            try:
                added = services.rater_assign_bulk(
                    scheme=scheme,
                    components=list(form.cleaned_data["components"]),
                    raters=form.rater_list,
                    ratees=form.ratee_list,
                    actor=request.user,
                )
            except ApplicationError as e:
                _assign_error(form, e)
            else:
                messages.success(request, _("已新增 %(n)s 条评分关系。") % {"n": added})
                return redirect(here)
        else:
            preview = _preview(form)
    context = {"scheme": scheme, "form": form, "preview": preview, **_assignment_table(request, scheme)}
    context["assignment_total"] = assignment_list(user=request.user, roles=HR_ONLY).filter(scheme=scheme).count()
    return render(request, "assessments/assign_raters.html", context)


def _remove_assignment(request, scheme: Scheme, here: str):
    assignment_id = request.POST.get("assignment", "")
    if not assignment_id.isdigit():
        raise Http404
    assignment = get_object_or_404(
        assignment_list(user=request.user, roles=HR_ONLY).filter(scheme=scheme), pk=assignment_id
    )
    rater = label_rows(user=request.user, rows=[assignment])[0].rater_shown
    # A hidden rater is named only as on the list (the letter of the page the user removed it from is not known).
    rater_name = _("该评议人") if rater.hidden else rater.name
    try:
        services.rater_unassign(assignment=assignment, actor=request.user)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("已取消%(rater)s对%(ratee)s的“%(component)s”评分关系。")
            % {"rater": rater_name, "ratee": assignment.ratee.name, "component": assignment.component.name},
        )
    page = request.POST.get("page", "")
    return redirect(f"{here}?page={page}" if page.isdigit() else here)


urlpatterns = [
    path("schemes/", scheme_list, name="scheme_list"),
    path("schemes/new/", scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/raters/", assign_raters, name="assign_raters"),
    path("periods/<int:pk>/open/", period_open, name="period_open"),
    path("periods/<int:pk>/close/", period_close, name="period_close"),
]
