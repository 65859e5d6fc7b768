"""The running (in-year) composite after each closed quarter (过程得分), in one statement: what a cadre's own results
page charts and what the quarterly early warning ranks.

The rule:
- the periods counted are the scheme's closed periods that end on or before that quarter's last day (after Q2: Q1,
  Q2, and H1 once closed); a period still open or not begun counts for nothing;
- a component's score in a period is its aggregation over the raters (mean, or trimmed mean with at least three
  raters), rounded half-up to two decimals, exactly as in the annual computation (assessments.results.engine and
  assessments.selectors.scores.aggregate_scores); its running score is the mean over its counted periods, rounded;
- the components that have a score so far are weighted by their weights, re-based to 100% of those weights, so the
  running composite stays on the components' 0–100 scale while half of them have no period closed yet;
- approved bonus and deduction points that occurred on or before the quarter's last day are added and subtracted,
  each capped by the scheme's yearly caps; then the composite is rounded half-up to two decimals;
- members of the year's assessment groups are counted, except those recorded as 不进行考核 for the year; a member
  with no score in any counted period has no running composite.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from assessments.models import QUARTERS, Component, Period, Scheme
from assessments.results.engine import _Dialect


@dataclass(frozen=True)
class Cut:
    """The moment after one closed quarter: which periods count, and until which day points count."""

    index: int
    kind: str
    label: str
    end_date: datetime.date
    period_ids: tuple[int, ...]


def quarter_cuts(*, scheme: Scheme, periods: list[Period] | None = None, upto: Period | None = None) -> list[Cut]:
    """One cut per closed quarter of the scheme, in order (or only the one after `upto`). One query at most."""
    if periods is None:
        periods = list(Period.objects.filter(scheme_id=scheme.pk))
    closed = [p for p in periods if p.status == Period.Status.CLOSED]
    quarters = sorted((p for p in closed if p.kind in QUARTERS), key=lambda p: p.end_date)
    if upto is not None:
        quarters = [q for q in quarters if q.pk == upto.pk]
    return [
        Cut(
            index=i,
            kind=q.kind,
            label=str(q.get_kind_display()),
            end_date=q.end_date,
            period_ids=tuple(sorted(p.pk for p in closed if p.end_date <= q.end_date)),
        )
        for i, q in enumerate(quarters, start=1)
    ]


def _sqlite_numbers(params: dict) -> dict:
    # SQLite compares a number with a text parameter as text; hand it numbers (as the engine does).
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in params.items()}


def running_statement(*, scheme: Scheme, cuts: list[Cut], group_id: int | None = None) -> tuple[str, dict]:
    """WITH … running(cut, group_id, cadre_id, composite): the running composite of every counted member of the
    scheme's year (or of one group) after each cut, in one statement. Callers append their own SELECT."""
    d = _Dialect(connection.vendor)
    components = list(Component.objects.filter(scheme_id=scheme.pk))
    params: dict = {
        "scheme": scheme.pk,
        "org": scheme.organization_id,
        "year": scheme.year,
        "group": group_id,
        "bonus_cap": scheme.bonus_cap,
        "deduction_cap": scheme.deduction_cap,
    }
    pairs, dates = [], []
    for cut in cuts:
        dates.append(f"(%(cut{cut.index})s, %(end{cut.index})s)")
        params[f"cut{cut.index}"] = cut.index
        params[f"end{cut.index}"] = cut.end_date
        for period_id in cut.period_ids:
            pairs.append(f"(%(cut{cut.index})s, {int(period_id)})")
    # Ids and weights are integers and decimals from our own rows, written in as the engine does; values are params.
    trimmed = ", ".join(str(int(c.pk)) for c in components if c.aggregation == Component.Aggregation.TRIMMED)
    weight = "CASE component_id " + " ".join(f"WHEN {int(c.pk)} THEN {c.weight:f}" for c in components) + " END"
    group_filter = "AND g.id = %(group)s" if group_id else ""
    score_filter = "AND s.ratee_id IN (SELECT cadre_id FROM members)" if group_id else ""
    cell = (
        f"CASE WHEN s.component_id IN ({trimmed or 'NULL'}) AND COUNT(*) >= 3 "
        f"THEN {d.num('SUM(s.value) - MAX(s.value) - MIN(s.value)')} / (COUNT(*) - 2) "
        f"ELSE {d.num('SUM(s.value)')} / COUNT(*) END"
    )
    composite = (
        f"{d.num('w.w')} / w.wsum + {d.least('COALESCE(p.bonus, 0)', '%(bonus_cap)s')}"
        f" - {d.least('COALESCE(p.deduction, 0)', '%(deduction_cap)s')}"
    )
    sql = f"""
WITH cp(cut, period_id) AS (VALUES {", ".join(pairs)}),
cd(cut, end_date) AS (VALUES {", ".join(dates)}),
members AS (
    SELECT m.group_id, m.cadre_id
    FROM org_groupmembership m JOIN org_assessmentgroup g ON g.id = m.group_id
    WHERE g.organization_id = %(org)s AND g.year = %(year)s {group_filter}
      AND NOT EXISTS (SELECT 1 FROM assessments_specialstatus sp
                      WHERE sp.cadre_id = m.cadre_id AND sp.year = %(year)s AND sp.state = 'not_assessed')
),
cells AS (
    SELECT s.ratee_id, s.component_id, s.period_id, {d.round2(cell)} AS v
    FROM assessments_score s
    WHERE s.scheme_id = %(scheme)s AND s.period_id IN (SELECT period_id FROM cp) {score_filter}
    GROUP BY s.ratee_id, s.component_id, s.period_id
),
comp AS (
    SELECT cp.cut, c.ratee_id, c.component_id, {d.round2("AVG(c.v)")} AS v
    FROM cells c JOIN cp ON cp.period_id = c.period_id
    GROUP BY cp.cut, c.ratee_id, c.component_id
),
weighted AS (
    SELECT cut, ratee_id, SUM({weight} * v) AS w, SUM({weight}) AS wsum FROM comp GROUP BY cut, ratee_id
),
points AS (
    SELECT cd.cut, e.cadre_id,
           SUM(CASE WHEN i.kind = 'bonus' THEN e.points ELSE 0 END) AS bonus,
           SUM(CASE WHEN i.kind = 'deduction' THEN e.points ELSE 0 END) AS deduction
    FROM assessments_pointentry e
    JOIN assessments_pointitem i ON i.id = e.item_id
    JOIN cd ON e.occurred_on <= cd.end_date
    WHERE e.year = %(year)s AND e.status = 'approved' AND i.organization_id = %(org)s
    GROUP BY cd.cut, e.cadre_id
),
running AS (
    SELECT w.cut, m.group_id, m.cadre_id, {d.round2(composite)} AS composite
    FROM weighted w
    JOIN members m ON m.cadre_id = w.ratee_id
    LEFT JOIN points p ON p.cut = w.cut AND p.cadre_id = w.ratee_id
)
"""  # noqa: S608
    if connection.vendor == "sqlite":
        params = _sqlite_numbers(params)
    return sql, params
