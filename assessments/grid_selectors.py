"""Reads behind the rater's task list and grid, and behind a cadre's own score page.

Each function runs a fixed number of queries whatever the number of ratees, components or periods.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Period, RaterAssignment, Scheme, Score
from assessments.selectors import TWO_PLACES, cadre_score_summary
from org.models import Cadre


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
        assignment.period = period
    return assignment


# --- a cadre's own view -----------------------------------------------------------------------------------------


def cadre_scheme_list(*, cadre: Cadre) -> QuerySet[Scheme]:
    """The current scheme of each year of the cadre's organization, newest year first."""
    return Scheme.objects.filter(organization_id=cadre.organization_id, status=Scheme.Status.CURRENT).order_by("-year")


@dataclass
class PeriodScore:
    period: Period
    value: Decimal | None  # None while the period is not closed, or when nobody scored
    raters: int
    closed: bool


@dataclass
class ComponentScores:
    component: object
    periods: list[PeriodScore]
    mean: Decimal | None


def cadre_closed_scores(*, cadre: Cadre, scheme: Scheme) -> list[ComponentScores]:
    """The cadre's aggregated scores per component and period, shown only once a period is closed.

    While a period is open its aggregate would move with each rater's save, and the cadre could read one rater's
    score from the difference; so an open period shows no value, and the mean so far is over closed periods."""
    result = []
    for summary in cadre_score_summary(cadre=cadre, scheme=scheme):
        periods = []
        for period, value, count in summary.by_period:
            closed = period.status == Period.Status.CLOSED
            periods.append(PeriodScore(period, value if closed else None, count if closed else 0, closed))
        scored = [p.value for p in periods if p.value is not None]
        mean = (sum(scored) / len(scored)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if scored else None
        result.append(ComponentScores(component=summary.component, periods=periods, mean=mean))
    return result
