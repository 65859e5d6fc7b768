"""Reads behind a cadre's own results page, and the running (in-year) composite that the page's chart and the
quarterly early warning share.

A cadre sees, per year, only a published result: components, composite, rank of N, grade, flags and why, the grade
and the bottom set as the party committee settled them (results.workflow.with_final). A year not yet published shows
nothing but that it is not published. Nothing here ever names a rater: scores arrive aggregated.

The running composite after a closed quarter (过程得分) — the rule:
- the periods counted are the scheme's closed periods that end on or before that quarter's last day (after Q2: Q1,
  Q2, and H1 once closed); a period still open or not begun counts for nothing;
- a component's score in a period is its aggregation over the raters (mean, or trimmed mean with at least three
  raters), rounded half-up to two decimals, exactly as in the annual computation (assessments.results.engine and
  assessments.selectors.aggregate_scores); its running score is the mean over its counted periods, rounded;
- the components that have a score so far are weighted by their weights, re-based to 100% of those weights, so the
  running composite stays on the components' 0–100 scale while half of them have no period closed yet;
- approved bonus and deduction points that occurred on or before the quarter's last day are added and subtracted,
  each capped by the scheme's yearly caps; then the composite is rounded half-up to two decimals;
- members of the year's assessment groups are counted, except those recorded as 不进行考核 for the year; a member
  with no score in any counted period has no running composite.
"""

from __future__ import annotations

import copy
import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Appeal, Component, Grade, Period, Publication, Result, Scheme
from assessments.results.display import grade_label, result_reasons
from assessments.results.engine import _Dialect
from assessments.results.selectors import cadre_published_results
from assessments.results.workflow import with_final
from common.workdays import add_calendar_days, calendar_warning
from org.models import Cadre, GroupMembership

QUARTERS = (Period.Kind.Q1, Period.Kind.Q2, Period.Kind.Q3, Period.Kind.Q4)
TWO_PLACES = Decimal("0.01")

# 公务员法 Art. 95: 复核 within 30 days of learning of the decision; 申诉 within 15 days of the 复核 decision, or
# directly within 30 days. Calendar days, rolled over a rest day at the end (民法典 Art. 203).
REVIEW_DAYS = 30
APPEAL_AFTER_REVIEW_DAYS = 15

# A median of fewer members would let a cadre read another member's running score (of two, the median is their mean).
MIN_MEMBERS_FOR_MEDIAN = 3


# --- the running composite --------------------------------------------------------------------------------------


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


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class RunningPoint:
    cut: Cut
    mine: Decimal | None
    median: Decimal | None
    members: int  # members with a running composite at this cut


@dataclass
class RunningSeries:
    scheme: Scheme
    group_name: str
    points: list[RunningPoint] = field(default_factory=list)

    def chart_data(self) -> dict:
        """What static/js/results-mine-chart.js draws (numbers, not decimals, for JSON)."""
        return {
            "labels": [p.cut.label for p in self.points],
            "mine": [None if p.mine is None else float(p.mine) for p in self.points],
            "median": [None if p.median is None else float(p.median) for p in self.points],
            "mineLabel": _("我的过程得分"),
            "medianLabel": _("组内中位数"),
        }


def running_series(*, cadre: Cadre, scheme: Scheme, group_id: int, group_name: str = "") -> RunningSeries:
    """The cadre's running composite after each closed quarter of the scheme's year, and the group's median then.

    Two queries: the periods, and one statement over the whole group for every cut; the median is taken from the
    group's values in Python. The median is withheld where fewer than MIN_MEMBERS_FOR_MEDIAN members have a value."""
    series = RunningSeries(scheme=scheme, group_name=group_name)
    cuts = quarter_cuts(scheme=scheme)
    if not cuts:
        return series
    sql, params = running_statement(scheme=scheme, cuts=cuts, group_id=group_id)
    with connection.cursor() as cursor:
        cursor.execute(sql + "SELECT cut, cadre_id, composite FROM running", params)  # noqa: S608 (our constants)
        rows = cursor.fetchall()
    values: dict[int, list[Decimal]] = {cut.index: [] for cut in cuts}
    mine: dict[int, Decimal] = {}
    for cut_index, cadre_id, composite in rows:
        value = _decimal(composite)
        values[cut_index].append(value)
        if cadre_id == cadre.pk:
            mine[cut_index] = value
    for cut in cuts:
        group = values[cut.index]
        median = None
        if len(group) >= MIN_MEMBERS_FOR_MEDIAN:
            median = _decimal(statistics.median(group))
        series.points.append(RunningPoint(cut=cut, mine=mine.get(cut.index), median=median, members=len(group)))
    return series


# --- the cadre's years ------------------------------------------------------------------------------------------


@dataclass
class ComponentLine:
    name: str
    weight: Decimal
    score: Decimal | None


@dataclass
class ReviewWindow:
    """The statutory channel of a 不称职 grade (公务员法 Art. 95), counted from the publication day."""

    published_on: datetime.date
    review_deadline: datetime.date  # 复核, and also a direct 申诉
    appeal: Appeal | None  # the 复核 the cadre filed, if any
    appeal_deadline: datetime.date | None  # 申诉 after the 复核 decision
    calendar_warning: str | None


@dataclass
class YearResult:
    year: int
    published: bool
    result: Result | None = None
    scheme: Scheme | None = None
    published_on: datetime.date | None = None
    group_name: str = ""
    components: list[ComponentLine] = field(default_factory=list)
    grade: str = ""  # final: with the committee's tie decisions applied (workflow.with_final)
    grade_label: str = ""
    in_bottom: bool = False  # final, likewise
    reasons: list[str] = field(default_factory=list)
    review: ReviewWindow | None = None

    @property
    def incompetent(self) -> bool:
        return self.grade == Grade.INCOMPETENT


def _settled_reasons(result: Result) -> list[str]:
    """display.result_reasons, with a tie the party committee has settled (every tie is, before publication) told as
    its decision rather than as pending."""
    pending = copy.copy(result)
    pending.boundary_tie = pending.excellent_tie = False
    if result.excellent_tie and result.final_grade != Grade.EXCELLENT:
        pending.quota_reached = True
    reasons = result_reasons(pending)
    if result.excellent_tie:
        if result.final_grade == Grade.EXCELLENT:
            reasons.append(_("与他人并列于优秀名额边界,党组决定评为优秀"))
        else:
            reasons.append(_("与他人并列于优秀名额边界,党组决定不评为优秀"))
    if result.boundary_tie:
        if result.final_in_bottom:
            reasons.append(_("与他人并列于末位比例边界,党组决定列入后10%"))
        else:
            reasons.append(_("与他人并列于末位比例边界,党组决定不列入后10%"))
    return reasons


def _review_window(*, result: Result, published_on: datetime.date, appeals: list[Appeal]) -> ReviewWindow:
    appeal = next((a for a in appeals if a.year == result.run.year), None)
    appeal_deadline = None
    if appeal is not None and appeal.decided_at is not None:
        appeal_deadline = add_calendar_days(timezone.localdate(appeal.decided_at), APPEAL_AFTER_REVIEW_DAYS)
    review_deadline = add_calendar_days(published_on, REVIEW_DAYS)
    return ReviewWindow(
        published_on=published_on,
        review_deadline=review_deadline,
        appeal=appeal,
        appeal_deadline=appeal_deadline,
        calendar_warning=calendar_warning(review_deadline, *([appeal_deadline] if appeal_deadline else [])),
    )


@dataclass(frozen=True)
class Membership:
    year: int
    group_id: int
    group_name: str


def cadre_memberships(*, cadre: Cadre) -> list[Membership]:
    """The cadre's assessment group of each year, newest first."""
    rows = GroupMembership.objects.filter(cadre=cadre).values_list("year", "group_id", "group__name")
    return [Membership(*row) for row in rows.order_by("-year")]


def cadre_years(*, cadre: Cadre, memberships: list[Membership] | None = None) -> list[YearResult]:
    """Every year the cadre was assessed in (a group member) or has a published result, newest first; a year's
    content only once it is published. A fixed handful of queries, whatever the number of years."""
    if memberships is None:
        memberships = cadre_memberships(cadre=cadre)
    assessed = {m.year for m in memberships}
    # The grade and bottom set as the party committee settled them (a tie decided in or out).
    results = list(with_final(cadre_published_results(cadre=cadre)).select_related("run__scheme"))
    by_year = {r.run.year: r for r in results}
    scheme_ids = {r.run.scheme_id for r in results}
    components: dict[int, list[Component]] = {}
    for c in Component.objects.filter(scheme_id__in=scheme_ids).order_by("sort_order", "id"):
        components.setdefault(c.scheme_id, []).append(c)
    published_on = dict(
        Publication.objects.filter(
            organization_id=cadre.organization_id, state=Publication.State.PUBLISHED, year__in=list(by_year)
        ).values_list("year", "published_on")
    )
    incompetent_years = [
        r.run.year for r in results if r.final_grade == Grade.INCOMPETENT and published_on.get(r.run.year)
    ]
    appeals = (
        list(Appeal.objects.filter(cadre=cadre, target=Appeal.Target.GRADE, year__in=incompetent_years))
        if incompetent_years
        else []
    )
    years = []
    for year in sorted(assessed | set(by_year), reverse=True):
        result = by_year.get(year)
        if result is None:
            years.append(YearResult(year=year, published=False))
            continue
        scheme = result.run.scheme
        scores = result.component_scores()
        grade = result.final_grade
        entry = YearResult(
            year=year,
            published=True,
            result=result,
            scheme=scheme,
            published_on=published_on.get(year),
            group_name=result.group.name,
            components=[
                ComponentLine(name=c.name, weight=c.weight, score=scores.get(c.pk))
                for c in components.get(scheme.pk, [])
            ],
            grade=grade,
            grade_label=grade_label(grade, scheme),
            in_bottom=result.final_in_bottom,
            reasons=_settled_reasons(result),
        )
        if entry.incompetent and entry.published_on is not None:
            entry.review = _review_window(result=result, published_on=entry.published_on, appeals=appeals)
        years.append(entry)
    return years


def current_series(*, cadre: Cadre, memberships: list[Membership] | None = None) -> RunningSeries | None:
    """The running composite chart of the cadre's newest assessed year, when its scheme has a closed quarter."""
    if memberships is None:
        memberships = cadre_memberships(cadre=cadre)
    if not memberships:
        return None
    newest = memberships[0]
    scheme = Scheme.objects.filter(
        organization_id=cadre.organization_id, year=newest.year, status=Scheme.Status.CURRENT
    ).first()
    if scheme is None:
        return None
    return running_series(cadre=cadre, scheme=scheme, group_id=newest.group_id, group_name=newest.group_name)
