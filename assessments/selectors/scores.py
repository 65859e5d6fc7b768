"""Reads of scores, scoped to the user: staff see the scores of cadres in their unit scope (with the rater); a cadre
sees their own aggregated scores, never who gave which; other apps read every rater's scores of a year, as plain
values, through `assessments.selectors.published` (for analytics).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from assessments.models import (
    PERIOD_KINDS_BY_FREQUENCY,
    Component,
    Period,
    Scheme,
    Score,
)
from org.models import Cadre
from org.roles import get_roles
from org.selectors import STAFF_ROLES


def ratee_scope(user, roles=STAFF_ROLES, prefix="ratee__") -> Q | None:
    r = get_roles(user)
    if r.is_admin:
        return None
    return r.unit_q(*roles, prefix=f"{prefix}unit__")


def score_list(*, user, roles=STAFF_ROLES) -> QuerySet[Score]:
    """Scores of cadres in the user's staff scope (with the rater: staff may see who rated)."""
    qs = Score.objects.select_related("component", "period", "rater", "ratee", "scheme")
    q = ratee_scope(user, roles)
    return qs if q is None else qs.filter(q)


TWO_PLACES = Decimal("0.01")


def aggregate_scores(values: list[Decimal], aggregation: str) -> Decimal | None:
    """A component's score in one period over its raters: the mean, or the mean without the single highest and
    lowest score (去掉一个最高分和一个最低分) when there are at least three raters."""
    if not values:
        return None
    ordered = sorted(values)
    if aggregation == Component.Aggregation.TRIMMED and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return (sum(ordered, Decimal(0)) / len(ordered)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


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
        mean = (sum(scored, Decimal(0)) / len(scored)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if scored else None
        result.append(ComponentSummary(component=c, by_period=rows, mean=mean))
    return result


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
        mean = (sum(scored, Decimal(0)) / len(scored)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if scored else None
        result.append(ComponentScores(component=summary.component, periods=periods, mean=mean))
    return result


def cadre_current_scheme(*, cadre: Cadre, year: int | None) -> Scheme | None:
    """The scheme in force for the cadre's organization in `year` (the latest year with one, when not given)."""
    qs = Scheme.objects.filter(organization_id=cadre.organization_id, status=Scheme.Status.CURRENT)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year").first()


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
