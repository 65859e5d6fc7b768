"""Pages: HR's score browsing and correction of a closed period (with a reason), and a cadre's own scores."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from assessments.forms.scores import ScoreCorrectionForm
from assessments.models import ApprovalStatus, Period, PointItem, Score
from assessments.selectors.publication import is_published
from assessments.selectors.rater_privacy import label_rows, visible_rater_q
from assessments.selectors.records import point_entry_list, veto_entry_list
from assessments.selectors.schemes import scheme_list
from assessments.selectors.scores import cadre_closed_scores, cadre_scheme_list
from assessments.selectors.scores import score_list as visible_scores
from assessments.services import ScoreConflict, score_save
from assessments.views.grid import int_or_none, plain_number
from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from org import selectors as org_selectors
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, get_roles

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
PAGE_SIZE = 50


@role_required(*STAFF)
def score_list(request):
    user = request.user
    schemes = list(scheme_list(user=user))
    scheme_id = int_or_none(request.GET.get("scheme"))
    scheme = next((s for s in schemes if s.pk == scheme_id), None)
    if scheme is None and scheme_id is None:
        scheme = next((s for s in schemes if s.is_current), None)  # newest year first
    filters = {"scheme": scheme, "q": request.GET.get("q", "").strip()}
    qs = visible_scores(user=user).order_by(
        "period__start_date",
        "period__end_date",
        "ratee__unit__path",
        "ratee__employee_no",
        "component__sort_order",
        "rater__employee_no",
        "pk",
    )
    qs = qs.filter(scheme=scheme) if scheme else qs.none()
    periods = list(scheme.periods.exclude(status=Period.Status.PENDING)) if scheme else []
    components = list(scheme.components.order_by("sort_order", "id")) if scheme else []
    units = (
        list(org_selectors.unit_list(user=user).filter(organization_id=scheme.organization_id).order_by("path"))
        if scheme
        else []
    )
    period = next((p for p in periods if p.pk == int_or_none(request.GET.get("period"))), None)
    component = next((c for c in components if c.pk == int_or_none(request.GET.get("component"))), None)
    unit = next((u for u in units if u.pk == int_or_none(request.GET.get("unit"))), None)
    if period:
        qs = qs.filter(period=period)
    if component:
        qs = qs.filter(component=component)
    if unit:
        qs = qs.filter(ratee__unit__path__startswith=unit.path)
    if filters["q"]:
        q = filters["q"]
        by_rater = Q(rater__name__icontains=q) | Q(rater__employee_no__icontains=q)
        visible = visible_rater_q(user)
        if visible is not None:
            by_rater &= visible  # a rater hidden from this user cannot be found by name or number either
        qs = qs.filter(Q(ratee__name__icontains=q) | Q(ratee__employee_no__icontains=q) | by_rater)
    filters.update(period=period, component=component, unit=unit)
    page = Paginator(qs.select_related("ratee__unit"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = label_rows(user=user, rows=page.object_list)
    context = {
        "page": page,
        "schemes": schemes,
        "periods": periods,
        "components": components,
        "units": units,
        "filters": filters,
        "can_correct": get_roles(user).is_admin or get_roles(user).has(ROLE_HR),
    }
    return render(request, "assessments/score_list.html", context)


def _hr_may_correct(user, score: Score) -> bool:
    """HR (or the admin) whose own HR scope holds the ratee: a committee seat elsewhere does not count."""
    return get_roles(user).is_admin or visible_scores(user=user, roles=(ROLE_HR,)).filter(pk=score.pk).exists()


@role_required(*STAFF)
def score_edit(request, pk):
    score = get_object_or_404(visible_scores(user=request.user).select_related("ratee__unit"), pk=pk)
    label_rows(user=request.user, rows=[score])
    hidden = score.rater_shown.hidden
    # Correcting a score means seeing it: a rater hidden from this user is corrected by HR of the whole organization.
    may_correct = not hidden and _hr_may_correct(request.user, score)
    published = is_published(organization_id=score.scheme.organization_id, year=score.scheme.year)
    correctable = score.period.status == Period.Status.CLOSED and score.scheme.is_current and not published
    if request.method == "POST":
        if not may_correct:
            raise PermissionDenied
        if not correctable:
            messages.error(request, _("该评分当前不能由组织人事部门更正。"))
            return redirect("assessments:score_edit", pk=score.pk)
        form = ScoreCorrectionForm(request.POST)
        if form.is_valid():
            try:
                score_save(
                    period=score.period,
                    component=score.component,
                    rater=score.rater,
                    ratee=score.ratee,
                    value=form.cleaned_data["value"],
                    expected_revision=form.cleaned_data["revision"],
                    actor=request.user,
                    note=score.note,
                    by_hr=True,
                    reason=form.cleaned_data["reason"],
                )
            except ScoreConflict as e:
                # Nothing the user typed is lost; the form now carries the stored revision, so saving again
                # deliberately overwrites it.
                form.data = form.data.copy()
                form.data["revision"] = e.extra.get("current_revision", 0)
                add_error_to_form(form, e)
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                messages.success(request, _("评分已修改,修改原因已记入变更记录。"))
                return redirect("assessments:score_edit", pk=score.pk)
    else:
        form = ScoreCorrectionForm(initial={"value": plain_number(score.value), "revision": score.revision})
    if hidden:
        notice = _("评分人不在您的管理范围内:其身份和所评分数不予显示,更正由全单位的组织人事部门办理。")
    elif published:
        notice = _("%(year)s年考核结果已公布,评分已锁定,以下评分仅供查看;如需调整,请通过申诉复核或容错纠错办理。") % {
            "year": score.scheme.year
        }
    elif score.period.status == Period.Status.OPEN:
        notice = _("%(period)s正在评分中,评分由评分人本人修改;期间结束后方可由组织人事部门更正。") % {
            "period": score.period
        }
    elif not score.scheme.is_current:
        notice = _("该方案已被新版本取代,旧版本的评分不能修改。")
    else:
        notice = ""
    context = {
        "score": score,
        "form": form if may_correct and correctable else None,
        "notice": notice,
        # The history names who saved the score and the values before and after: none of it for a hidden rater.
        "audit": [] if hidden else audit_log_for(score)[:50],
    }
    return render(request, "assessments/score_edit.html", context, status=400 if form.errors else 200)


@role_required(ROLE_CADRE)
def my_scores(request):
    cadre = get_roles(request.user).cadre
    schemes = list(cadre_scheme_list(cadre=cadre))
    year = int_or_none(request.GET.get("year"))
    scheme = next((s for s in schemes if s.year == year), schemes[0] if schemes else None)
    context = {"cadre": cadre, "schemes": schemes, "scheme": scheme}
    if scheme is not None:
        approved = {"cadre": cadre, "status": ApprovalStatus.APPROVED, "year": scheme.year}
        points = list(point_entry_list(user=request.user).filter(**approved))
        context.update(
            components=cadre_closed_scores(cadre=cadre, scheme=scheme),
            points=points,
            bonus=sum((p.points for p in points if p.item.kind == PointItem.Kind.BONUS), start=0),
            deduction=sum((p.points for p in points if p.item.kind == PointItem.Kind.DEDUCTION), start=0),
            vetoes=list(veto_entry_list(user=request.user).filter(**approved)),
        )
    return render(request, "assessments/my_scores.html", context)


urlpatterns = [
    path("scores/", score_list, name="score_list"),
    path("scores/<int:pk>/", score_edit, name="score_edit"),
    path("my-scores/", my_scores, name="my_scores"),
]
