"""Pages: the rater's tasks and score grid (HR's score browsing and correction and a cadre's own scores are in
views.scores).

The grid saves cell by cell (static/js/score-grid.js posts each changed cell to `score_cell_save`); without
JavaScript the same grid is one form whose POST saves every changed cell and shows the problems per cell.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Period
from assessments.selectors.publication import is_published
from assessments.selectors.raters import rater_cell, rater_period_list, rater_progress, rater_tasks
from assessments.selectors.raters import rater_grid as rater_grid_of
from assessments.services import ScoreConflict, score_save
from common.errors import ApplicationError
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, ROLE_RATER, get_roles

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
PAGE_SIZE = 50


def plain_number(value) -> str:
    """A stored score as typed: 85, 85.5, 85.25 (no trailing zeros)."""
    return "" if value is None else f"{value.normalize():f}"


def int_or_none(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def _progress_text(done: int, total: int) -> str:
    return _("已评 %(done)d/%(total)d") % {"done": done, "total": total}


# --- the rater's tasks ------------------------------------------------------------------------------------------


@role_required(ROLE_RATER)
def rater_home(request):
    rater = get_roles(request.user).cadre
    context = {"rater": rater, "open_tasks": [], "closed_tasks": []}
    if rater is not None:
        context["open_tasks"] = rater_tasks(rater=rater)
        context["closed_tasks"] = rater_tasks(rater=rater, status=Period.Status.CLOSED)
    return render(request, "assessments/rater_home.html", context)


# --- the grid -----------------------------------------------------------------------------------------------------


@dataclass
class CellView:
    """One cell as the page shows it: what the input holds, what is stored, and what happened on the last save."""

    key: str
    ratee: object
    component: object
    assigned: bool
    editable: bool
    value: str = ""  # what the input shows (the stored value, or what the rater typed when it was refused)
    original: str = ""  # the stored value the page was rendered with
    revision: int = 0  # the stored revision the page was rendered with (0: nothing stored yet)
    state: str = ""  # "", "saved", "invalid" or "conflict"
    message: str = ""


@dataclass
class _Refused:
    state: str
    typed: str
    message: str = ""
    revision: int = 0
    original: str = ""


def _key(ratee_id: int, component_id: int) -> str:
    return f"{ratee_id}-{component_id}"


def _year_published(period: Period) -> bool:
    return is_published(organization_id=period.scheme.organization_id, year=period.scheme.year)


def _editable(period: Period) -> bool:
    return period.status == Period.Status.OPEN and period.scheme.is_current and not _year_published(period)


def _read_only_notice(period: Period) -> str:
    if _year_published(period):
        return _("%(year)s年考核结果已公布,评分已锁定,以下评分仅供查看;如需调整,请通过申诉复核或容错纠错办理。") % {
            "year": period.scheme.year
        }
    if not period.scheme.is_current:
        return _("该方案已被新版本取代,以下评分仅供查看。")
    return _("%(period)s评分已结束,以下评分仅供查看。如需修改,请联系组织人事部门。") % {"period": period}


def _conflict_message(value: str, revision: int) -> str:
    return _("该评分已被他人修改为 %(value)s(第 %(revision)d 版)。您填写的分数仍保留在框内,确认无误后可再次保存。") % {
        "value": value,
        "revision": revision,
    }


def _cell_views(grid, editable: bool, refused: dict[str, _Refused]) -> list[tuple[object, list[CellView]]]:
    rows = []
    for row in grid.rows:
        cells = []
        for cell in row.cells:
            key = _key(row.ratee.pk, cell.component.pk)
            stored = plain_number(cell.score.value) if cell.score else ""
            view = CellView(
                key=key,
                ratee=row.ratee,
                component=cell.component,
                assigned=cell.assigned,
                editable=editable and cell.assigned,
                value=stored,
                original=stored,
                revision=cell.score.revision if cell.score else 0,
            )
            problem = refused.get(key)
            if problem is not None:
                view.value, view.state = problem.typed, problem.state
                if problem.state == "conflict":
                    # The page now carries what is stored, so saving again is a deliberate overwrite.
                    view.message = _conflict_message(stored, view.revision) if cell.score else problem.message
                else:
                    # Keep the revision the rater started from: a later save must still notice someone else's.
                    view.message, view.revision, view.original = problem.message, problem.revision, problem.original
            cells.append(view)
        rows.append((row.ratee, cells))
    return rows


def _grid_or_404(request, pk):
    rater = get_roles(request.user).cadre
    if rater is None:
        raise Http404
    period = get_object_or_404(rater_period_list(rater=rater), pk=pk)
    grid = rater_grid_of(rater=rater, period=period)
    if not grid.total:
        raise Http404
    return rater, grid


def _field_message(error: ApplicationError) -> str:
    return (error.field_errors.get("value") or [error.message])[0]


def _save_grid(request, rater, grid) -> tuple[dict[str, _Refused], int]:
    """Save every cell whose value differs from what the page was rendered with; collect the refusals."""
    skipped = set(request.POST.getlist("accept"))  # "take the stored value" on a conflicting cell
    refused, saved = {}, 0
    for row in grid.rows:
        for cell in row.cells:
            key = _key(row.ratee.pk, cell.component.pk)
            if not cell.assigned or key in skipped:
                continue
            typed = request.POST.get(f"v-{key}", "").strip()
            original = request.POST.get(f"o-{key}", "").strip()
            if typed == original:
                continue
            revision = int_or_none(request.POST.get(f"rev-{key}")) or 0
            try:
                result = score_save(
                    period=grid.period,
                    component=cell.component,
                    rater=rater,
                    ratee=row.ratee,
                    value=typed,
                    expected_revision=revision,
                    actor=request.user,
                )
                saved += result.changed
            except ScoreConflict as e:
                refused[key] = _Refused("conflict", typed, e.message)
            except ApplicationError as e:
                refused[key] = _Refused("invalid", typed, _field_message(e), revision, original)
    return refused, saved


@role_required(ROLE_RATER)
def rater_grid(request, pk):
    rater, grid = _grid_or_404(request, pk)
    editable = _editable(grid.period)
    refused = {}
    if request.method == "POST":
        if not editable:
            messages.error(request, _read_only_notice(grid.period))
            return redirect("assessments:rater_grid", pk=pk)
        refused, saved = _save_grid(request, rater, grid)
        if not refused:
            if saved:
                messages.success(request, _("已保存 %(n)d 项评分。") % {"n": saved})
            else:
                messages.info(request, _("没有需要保存的修改。"))
            return redirect("assessments:rater_grid", pk=pk)
        grid = rater_grid_of(rater=rater, period=grid.period)  # what is stored now, after the saves
    context = {
        "grid": grid,
        "period": grid.period,
        "rows": _cell_views(grid, editable, refused),
        "editable": editable,
        "notice": "" if editable else _read_only_notice(grid.period),
        "refused": len(refused),
        "progress": _progress_text(grid.done, grid.total),
    }
    return render(request, "assessments/grid.html", context, status=400 if refused else 200)


@role_required(ROLE_RATER)
@require_POST
def score_cell_save(request):
    """One cell of the grid, saved on change. Answers JSON: the cell's new state, its status HTML and progress."""
    rater = get_roles(request.user).cadre
    ids = [int_or_none(request.POST.get(name)) for name in ("period", "ratee", "component")]
    if rater is None or None in ids:
        raise Http404
    assignment = rater_cell(rater=rater, period_id=ids[0], ratee_id=ids[1], component_id=ids[2])
    if assignment is None:
        raise Http404
    period, component, ratee = assignment.period, assignment.component, assignment.ratee
    typed = (request.POST.get("value") or "").strip()
    revision = int_or_none(request.POST.get("revision")) or 0
    cell = CellView(
        key=_key(ratee.pk, component.pk),
        ratee=ratee,
        component=component,
        assigned=True,
        editable=_editable(period),
        value=typed,
        revision=revision,
    )
    status = 200
    try:
        result = score_save(
            period=period,
            component=component,
            rater=rater,
            ratee=ratee,
            value=typed,
            expected_revision=revision,
            actor=request.user,
        )
        cell.state, cell.original, cell.revision = "saved", plain_number(result.score.value), result.score.revision
    except ScoreConflict as e:
        current = plain_number(Decimal(e.extra["current_value"])) if e.extra.get("current_value") else ""
        cell.state, cell.revision, cell.original = "conflict", e.extra.get("current_revision", 0), current
        cell.message = _conflict_message(current, cell.revision) if current else e.message
        status = 409
    except ApplicationError as e:
        cell.state, cell.message = "invalid", _field_message(e)
        status = 400
    done, total = rater_progress(rater=rater, period=period)
    return JsonResponse(
        {
            "state": cell.state,
            "revision": cell.revision,
            "original": cell.original,
            "status_html": render_to_string("assessments/_grid_cell_status.html", {"cell": cell}),
            "done": done,
            "total": total,
            "progress": _progress_text(done, total),
        },
        status=status,
    )


urlpatterns = [
    path("rater/periods/<int:pk>/", rater_grid, name="rater_grid"),
    path("rater/cell/", score_cell_save, name="score_cell_save"),
]
