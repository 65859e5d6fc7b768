"""Reads of who rates whom: the assignments in the user's scope, a rater's periods, tasks, grid and cells, and the
cadres an HR user may name as rater or ratee (the assignment page's preview and table). Each function runs a fixed
number of queries whatever the number of ratees, components or periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from assessments.models import (
    PERIOD_KINDS_BY_FREQUENCY,
    Component,
    Period,
    RaterAssignment,
    Scheme,
    Score,
)
from assessments.selectors.scope import HR_ONLY, in_organizations, staff_organization_ids
from assessments.selectors.scores import ratee_scope
from org.models import Cadre
from org.selectors import STAFF_ROLES, cadres_in_scope


def assignment_list(*, user, roles=STAFF_ROLES) -> QuerySet[RaterAssignment]:
    qs = RaterAssignment.objects.select_related("component", "rater", "ratee", "scheme")
    q = ratee_scope(user, roles)
    return qs if q is None else qs.filter(q)


def rater_periods(*, rater: Cadre) -> QuerySet[Period]:
    """Open periods of current schemes in which this rater has something to score."""
    scheme_ids = RaterAssignment.objects.filter(rater=rater, scheme__status=Scheme.Status.CURRENT).values("scheme_id")
    return (
        Period.objects.filter(scheme_id__in=scheme_ids, status=Period.Status.OPEN)
        .select_related("scheme", "scheme__organization")
        .order_by("-scheme__year", "start_date", "end_date")
    )


@dataclass
class GridCell:
    component: Component
    assigned: bool
    score: Score | None = None


@dataclass
class GridRow:
    ratee: Cadre
    cells: list[GridCell] = field(default_factory=list)


@dataclass
class Grid:
    period: Period
    components: list[Component]
    rows: list[GridRow]
    total: int
    done: int


def rater_grid(*, rater: Cadre, period: Period) -> Grid:
    """Cadres × components this rater scores in the period, with what they entered: four queries whatever the size."""
    components = [
        c
        for c in Component.objects.filter(scheme_id=period.scheme_id).order_by("sort_order", "id")
        if period.kind in PERIOD_KINDS_BY_FREQUENCY[c.frequency]
    ]
    component_ids = [c.pk for c in components]
    assignments = list(
        RaterAssignment.objects.filter(rater=rater, component_id__in=component_ids)
        .select_related("ratee", "ratee__unit")
        .order_by("ratee__unit__path", "ratee__employee_no")
    )
    scores = {
        (s.ratee_id, s.component_id): s
        for s in Score.objects.filter(rater=rater, period=period, component_id__in=component_ids)
    }
    assigned = {(a.ratee_id, a.component_id) for a in assignments}
    ratees = list({a.ratee_id: a.ratee for a in assignments}.values())
    rows = [
        GridRow(
            ratee=ratee,
            cells=[
                GridCell(component=c, assigned=(ratee.pk, c.pk) in assigned, score=scores.get((ratee.pk, c.pk)))
                for c in components
            ],
        )
        for ratee in ratees
    ]
    return Grid(period=period, components=components, rows=rows, total=len(assigned), done=len(scores))


def _frequencies_of(kind: str) -> list[str]:
    """The component frequencies that are scored in a period of this kind (Q1 → quarterly)."""
    return [frequency for frequency, kinds in PERIOD_KINDS_BY_FREQUENCY.items() if kind in kinds]


def rater_period_list(*, rater: Cadre) -> QuerySet[Period]:
    """Periods, open or already closed, of schemes in which this rater rates someone (a pending period has
    nothing to show yet). Whether the rater scores anything in a given period is for the grid to tell."""
    scheme_ids = RaterAssignment.objects.filter(rater=rater).values("scheme_id")
    return (
        Period.objects.filter(scheme_id__in=scheme_ids)
        .exclude(status=Period.Status.PENDING)
        .select_related("scheme", "scheme__organization")
    )


@dataclass
class RaterTask:
    period: Period
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def rater_tasks(*, rater: Cadre, status: str = Period.Status.OPEN) -> list[RaterTask]:
    """The rater's periods of current schemes in `status`, each with its progress (cells scored / assigned)."""
    periods = list(
        rater_period_list(rater=rater)
        .filter(status=status, scheme__status=Scheme.Status.CURRENT)
        .order_by("-scheme__year", "start_date", "end_date")
    )
    if not periods:
        return []
    assigned: dict[tuple[int, str], int] = {}
    for scheme_id, frequency, n in (
        RaterAssignment.objects.filter(rater=rater, scheme_id__in={p.scheme_id for p in periods})
        .order_by()
        .values_list("scheme_id", "component__frequency")
        .annotate(n=Count("id"))
    ):
        assigned[(scheme_id, frequency)] = n
    done = dict(
        Score.objects.filter(rater=rater, period_id__in=[p.pk for p in periods])
        .order_by()
        .values_list("period_id")
        .annotate(n=Count("id"))
    )
    tasks = []
    for period in periods:
        total = sum(assigned.get((period.scheme_id, f), 0) for f in _frequencies_of(period.kind))
        if total:
            tasks.append(RaterTask(period=period, total=total, done=done.get(period.pk, 0)))
    return tasks


def rater_progress(*, rater: Cadre, period: Period) -> tuple[int, int]:
    """(cells scored, cells assigned) for this rater in the period."""
    total = RaterAssignment.objects.filter(
        rater=rater, component__scheme_id=period.scheme_id, component__frequency__in=_frequencies_of(period.kind)
    ).count()
    done = Score.objects.filter(rater=rater, period=period).count()
    return done, total


def rater_cell(*, rater: Cadre, period_id: int, ratee_id: int, component_id: int) -> RaterAssignment | None:
    """The assignment behind one cell of the rater's grid, if the rater is assigned it and the component is scored
    in that period; None otherwise. `assignment.period` is set to the period (with its scheme)."""
    period = rater_period_list(rater=rater).filter(pk=period_id).first()
    if period is None:
        return None
    assignment = (
        RaterAssignment.objects.filter(
            rater=rater,
            ratee_id=ratee_id,
            component_id=component_id,
            component__scheme_id=period.scheme_id,
            component__frequency__in=_frequencies_of(period.kind),
        )
        .select_related("component", "ratee", "ratee__unit")
        .first()
    )
    if assignment is not None:
        assignment.period = period  # type: ignore[attr-defined]  # the period the scoring page is for
    return assignment


def hr_raters(*, user) -> QuerySet[Cadre]:
    """Raters may be any cadre of an organization the HR user works for, not only those in their unit scope."""
    return in_organizations(Cadre.objects.all(), staff_organization_ids(user, HR_ONLY))


def hr_ratees(*, user) -> QuerySet[Cadre]:
    return cadres_in_scope(user=user, roles=HR_ONLY)


def rater_schemes(*, rater: Cadre) -> QuerySet[Scheme]:
    return Scheme.objects.filter(
        pk__in=RaterAssignment.objects.filter(rater=rater, scheme__status=Scheme.Status.CURRENT).values("scheme_id")
    )


def rater_ratees(*, rater: Cadre) -> QuerySet[Cadre]:
    return Cadre.objects.filter(
        pk__in=RaterAssignment.objects.filter(rater=rater, scheme__status=Scheme.Status.CURRENT).values("ratee_id")
    )


def rater_components(*, rater: Cadre) -> QuerySet[Component]:
    return Component.objects.filter(scheme__in=rater_schemes(rater=rater).values("pk"))


def rater_any_periods(*, rater: Cadre) -> QuerySet[Period]:
    """Every period of the rater's current schemes, closed ones too: saving into those is refused by the service
    with its own reason ("评分已结束…"), clearer than "not found"."""
    return Period.objects.filter(scheme__in=rater_schemes(rater=rater).values("pk"))


@dataclass
class AssignmentPreview:
    pairs: int  # component × rater × ratee, nobody rating themselves
    existing: int
    new: int
    self_pairs: int


def assignment_preview(*, components: list, raters: list[Cadre], ratees: list[Cadre]) -> AssignmentPreview:
    """How many rater assignments `rater_assign_bulk` would add: one query whatever the sizes."""
    rater_ids, ratee_ids = {c.pk for c in raters}, {c.pk for c in ratees}
    overlap = len(rater_ids & ratee_ids)
    pairs = len(components) * (len(rater_ids) * len(ratee_ids) - overlap)
    existing = RaterAssignment.objects.filter(
        component__in=components, rater_id__in=rater_ids, ratee_id__in=ratee_ids
    ).count()
    return AssignmentPreview(pairs=pairs, existing=existing, new=pairs - existing, self_pairs=overlap * len(components))


def assignment_raters(*, user, scheme: Scheme):
    """One row per rater of the scheme (over ratees in the user's HR scope): counts, ordered by employee number."""
    return (
        assignment_list(user=user, roles=HR_ONLY)
        .filter(scheme=scheme)
        .order_by()
        .values("rater_id", "rater__name", "rater__employee_no", "rater__unit__name")
        .annotate(
            total=Count("id"),
            ratee_count=Count("ratee_id", distinct=True),
            component_count=Count("component_id", distinct=True),
        )
        .order_by("rater__employee_no", "rater_id")
    )


def assignments_of_raters(*, user, scheme: Scheme, rater_ids: list[int]) -> QuerySet[RaterAssignment]:
    return (
        assignment_list(user=user, roles=HR_ONLY)
        .filter(scheme=scheme, rater_id__in=rater_ids)
        .order_by("rater_id", "ratee__employee_no", "component__sort_order", "component_id")
    )


def scored_cells(*, scheme: Scheme, rater_ids: list[int]) -> set[tuple[int, int, int]]:
    """(component, rater, ratee) of the given raters that already have a score: their assignment stays."""
    return set(
        Score.objects.filter(scheme=scheme, rater_id__in=rater_ids)
        .values_list("component_id", "rater_id", "ratee_id")
        .distinct()
    )
