"""Reads of rater assignments and scores, scoped to the user: staff see the scores of cadres in their unit scope (with
the rater); a rater sees the cells they are assigned; a cadre sees their own aggregated scores, never who gave which.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Period, RaterAssignment, Scheme, Score
from org.models import Cadre
from org.roles import get_roles
from org.selectors import STAFF_ROLES


def _ratee_scope(user, roles=STAFF_ROLES, prefix="ratee__") -> Q | None:
    r = get_roles(user)
    if r.is_admin:
        return None
    return r.unit_q(*roles, prefix=f"{prefix}unit__")


def score_list(*, user, roles=STAFF_ROLES) -> QuerySet[Score]:
    """Scores of cadres in the user's staff scope (with the rater: staff may see who rated)."""
    qs = Score.objects.select_related("component", "period", "rater", "ratee", "scheme")
    q = _ratee_scope(user, roles)
    return qs if q is None else qs.filter(q)


def assignment_list(*, user, roles=STAFF_ROLES) -> QuerySet[RaterAssignment]:
    qs = RaterAssignment.objects.select_related("component", "rater", "ratee", "scheme")
    q = _ratee_scope(user, roles)
    return qs if q is None else qs.filter(q)


# --- the rater's grid -------------------------------------------------------------------------------------------


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


# --- a cadre's own view -----------------------------------------------------------------------------------------


TWO_PLACES = Decimal("0.01")


def aggregate_scores(values: list[Decimal], aggregation: str) -> Decimal | None:
    """A component's score in one period over its raters: the mean, or the mean without the single highest and
    lowest score (去掉一个最高分和一个最低分) when there are at least three raters."""
    if not values:
        return None
    ordered = sorted(values)
    if aggregation == Component.Aggregation.TRIMMED and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return (sum(ordered) / len(ordered)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class ComponentSummary:
    component: Component
    by_period: list[tuple[Period, Decimal | None, int]]  # period, aggregated score, number of raters
    mean: Decimal | None


def cadre_score_summary(*, cadre: Cadre, scheme: Scheme) -> list[ComponentSummary]:
    """The cadre's aggregated score per component and period, and the mean over the periods scored so far.

    No rater identity leaves this function: only values and their count."""
    components = list(scheme.components.order_by("sort_order", "id"))
    periods = {p.pk: p for p in scheme.periods.all()}
    values = defaultdict(list)
    for component_id, period_id, value in Score.objects.filter(scheme=scheme, ratee=cadre).values_list(
        "component_id", "period_id", "value"
    ):
        values[(component_id, period_id)].append(value)
    result = []
    for c in components:
        rows = []
        for p in sorted(periods.values(), key=lambda p: (p.start_date, p.end_date)):
            if p.kind not in PERIOD_KINDS_BY_FREQUENCY[c.frequency]:
                continue
            cell = values.get((c.pk, p.pk), [])
            rows.append((p, aggregate_scores(cell, c.aggregation), len(cell)))
        scored = [v for _, v, _ in rows if v is not None]
        mean = (sum(scored) / len(scored)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if scored else None
        result.append(ComponentSummary(component=c, by_period=rows, mean=mean))
    return result


# --- every rater's scores, for analytics (published.rater_scores) ---------------------------------------------


@dataclass(frozen=True)
class RaterScore:
    """One rater's score of one cadre on one component in one period (no names: ids, and the component's)."""

    rater_id: int
    ratee_id: int
    component_id: int
    component_name: str
    period_kind: str  # Q1 … Q4, H1, H2, Y
    period_label: str
    value: Decimal


def rater_scores(*, organization_id: int, year: int) -> Iterator[RaterScore]:
    """Every score of the year's scheme in force, published or not, read a chunk at a time (memory stays flat)."""
    scheme = Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT).first()
    if scheme is None:
        return
    names = dict(scheme.components.values_list("pk", "name"))
    labels = {kind: str(label) for kind, label in Period.Kind.choices}
    rows = (
        Score.objects.filter(scheme=scheme)
        .order_by("ratee_id", "component_id", "period_id", "rater_id")
        .values_list("rater_id", "ratee_id", "component_id", "period__kind", "value")
    )
    for rater_id, ratee_id, component_id, kind, value in rows.iterator(chunk_size=5000):
        yield RaterScore(
            rater_id=rater_id,
            ratee_id=ratee_id,
            component_id=component_id,
            component_name=names.get(component_id, ""),
            period_kind=kind,
            period_label=labels.get(kind, kind),
            value=value,
        )
