"""Reads behind a cadre's own results page: per year only a published result — components, composite, rank of N,
grade, flags and why, the grade and the bottom set as the party committee settled them (selectors.final.with_final);
a year not yet published shows nothing but that it is not published — and the chart of the running composite
(assessments.results.running states its rule). Nothing here ever names a rater: scores arrive aggregated.
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
from django_stubs_ext import WithAnnotations

from assessments.models import Appeal, Component, Grade, Publication, Result, Scheme
from assessments.results.display import bottom_label, grade_label, result_reasons
from assessments.results.running import Cut, quarter_cuts, running_statement
from assessments.selectors.appeals import STATUTORY_REVIEW_DAYS, grade_deadline
from assessments.selectors.final import FinalValues, with_final
from assessments.selectors.results import cadre_published_results
from assessments.selectors.version_cache import cached, version_key
from common.workdays import add_calendar_days, calendar_warning
from org.models import Cadre, GroupMembership

TWO_PLACES = Decimal("0.01")


# 公务员法 Art. 95: 复核 within 30 days of learning of the decision (appeals.grade_deadline); 申诉 within 15 days of
# the 复核 decision, or directly within 30 days. Calendar days, rolled over a rest day at the end (民法典 Art. 203).
REVIEW_DAYS = STATUTORY_REVIEW_DAYS


APPEAL_AFTER_REVIEW_DAYS = 15


# A median of fewer members would let a cadre read another member's running score (of two, the median is their mean).
MIN_MEMBERS_FOR_MEDIAN = 3


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
        assert value is not None  # every weight is above 0, so each row the statement gives has a composite
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
    grade: str = ""  # final: with the committee's tie decisions applied (selectors.final.with_final)
    grade_label: str = ""
    in_bottom: bool = False  # final, likewise
    reasons: list[str] = field(default_factory=list)
    review: ReviewWindow | None = None

    @property
    def incompetent(self) -> bool:
        return self.grade == Grade.INCOMPETENT


def _settled_reasons(result: WithAnnotations[Result, FinalValues]) -> list[str]:
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
        bottom = bottom_label(result.run.scheme.bottom_ratio)
        if result.final_in_bottom:
            reasons.append(_("与他人并列于末位比例边界,党组决定列入%(bottom)s") % {"bottom": bottom})
        else:
            reasons.append(_("与他人并列于末位比例边界,党组决定不列入%(bottom)s") % {"bottom": bottom})
    return reasons


def _review_window(*, result: Result, published_on: datetime.date, appeals: list[Appeal]) -> ReviewWindow:
    appeal = next((a for a in appeals if a.year == result.run.year), None)
    appeal_deadline = None
    if appeal is not None and appeal.decided_at is not None:
        appeal_deadline = add_calendar_days(timezone.localdate(appeal.decided_at), APPEAL_AFTER_REVIEW_DAYS)
    review_deadline = grade_deadline(published_on)
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


def _published_years(cadre: Cadre) -> dict[int, YearResult]:
    """The cadre's published years as they show, without the review window (it moves with appeals and the calendar).
    Kept in the cache per cadre and published versions (cadre_years)."""
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
    years = {}
    for year, result in by_year.items():
        scheme = result.run.scheme
        scores = result.component_scores()
        grade = result.final_grade
        years[year] = YearResult(
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
    return years


def cadre_years(*, cadre: Cadre, memberships: list[Membership] | None = None) -> list[YearResult]:
    """Every year the cadre was assessed in (a group member) or has a published result, newest first; a year's
    content only once it is published. A fixed handful of queries, whatever the number of years.

    What the published years show is kept in the cache (selectors.version_cache), keyed by the cadre and every
    published version of the organization, so a new version or a change of a publication is a new key; the review
    window of a 不称职 year (appeals, the calendar) is read on each request."""
    if memberships is None:
        memberships = cadre_memberships(cadre=cadre)
    assessed = {m.year for m in memberships}
    publications = list(
        Publication.objects.filter(
            organization_id=cadre.organization_id, state=Publication.State.PUBLISHED
        ).values_list("run_id", "run__created_at", "pk", "updated_at")
    )
    by_year = (
        cached(version_key(publications, "mine", cadre.pk), lambda: _published_years(cadre)) if publications else {}
    )
    incompetent_years = [y for y, entry in by_year.items() if entry.incompetent and entry.published_on is not None]
    appeals = (
        list(Appeal.objects.filter(cadre=cadre, target=Appeal.Target.GRADE, year__in=incompetent_years))
        if incompetent_years
        else []
    )
    years = []
    for year in sorted(assessed | set(by_year), reverse=True):
        entry = by_year.get(year)
        if entry is None:
            years.append(YearResult(year=year, published=False))
            continue
        if entry.incompetent and entry.published_on is not None:
            entry.review = _review_window(result=entry.result, published_on=entry.published_on, appeals=appeals)
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
