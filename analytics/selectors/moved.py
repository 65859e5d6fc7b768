"""Moved-away cadres (人走茶凉): the cadres of the reader's scope who were transferred out during the year (an
appointment ended by 交流 or 职务调整, or the cadre left the organization), with their scores in each period of the
year (the mean over raters and components), compared before and after the move: the change against their own
earlier periods, the change of everyone else over the same periods (a year whose later quarters run lower for all),
and their difference. A drop of at least DROP_POINTS beyond everyone else's is marked for HR to look at."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from analytics.selectors.scope import visible_cadres
from assessments.selectors.published import rater_scores, scheme_periods
from org.models import Appointment, Cadre, Organization

DROP_POINTS = 3.0  # a fall this much beyond everyone else's, after the move, is marked
MOVE_REASONS = (Appointment.EndReason.EXCHANGE, Appointment.EndReason.REASSIGNED)


@dataclass(frozen=True)
class PeriodValue:
    kind: str
    label: str
    value: float | None
    after: bool  # the period ended on or after the move


@dataclass(frozen=True)
class MovedRow:
    cadre: Cadre
    moved_on: datetime.date
    how: str  # 交流, 职务调整, 离开本机构
    what: str  # the post left, or the reason for leaving
    periods: list[PeriodValue]
    before: float | None
    after: float | None
    change: float | None
    others_change: float | None
    relative: float | None
    flagged: bool

    @property
    def note(self) -> str:
        if self.before is None:
            return _("调离前没有已评分的期间,无可比较。")
        if self.after is None:
            return _("调离后还没有评分。")
        if self.flagged:
            assert self.relative is not None  # flagged: a drop was measured
            return _("调离后得分比其他干部同期多降 %(points)s 分,请留意是否“人走茶凉”。") % {
                "points": f"{-self.relative:.1f}"
            }
        return ""


@dataclass
class MovedReport:
    organization: Organization
    year: int
    rows: list[MovedRow]
    drop_points: float = DROP_POINTS


def _moves(cadres: dict[int, Cadre], year: int) -> dict[int, tuple[datetime.date, str, str]]:
    """The first move of each cadre in the year: (date, how, what)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    moves: dict[int, tuple[datetime.date, str, str]] = {}
    ended = (
        Appointment.objects.filter(cadre_id__in=list(cadres), end_date__range=(start, end), end_reason__in=MOVE_REASONS)
        .select_related("post__unit")
        .order_by("end_date", "pk")
    )
    for a in ended:
        assert a.end_date is not None  # end_date__range
        moves.setdefault(a.cadre_id, (a.end_date, a.get_end_reason_display(), str(a.post)))
    for cadre in cadres.values():
        if cadre.left_on and start <= cadre.left_on <= end:
            known = moves.get(cadre.pk)
            if known is None or cadre.left_on < known[0]:
                moves[cadre.pk] = (cadre.left_on, _("离开本机构"), cadre.left_reason)
    return moves


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def moved_report(*, user, organization: Organization, year: int) -> MovedReport:
    visible = visible_cadres(user=user, organization_id=organization.pk)
    report = MovedReport(organization=organization, year=year, rows=[])
    moves = _moves(visible, year)
    if not moves:
        return report
    periods = scheme_periods(organization_id=organization.pk, year=year)
    sums: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for s in rater_scores(organization_id=organization.pk, year=year):
        if s.ratee_id in visible:
            cell = sums[(s.ratee_id, s.period_kind)]
            cell[0] += float(s.value)
            cell[1] += 1
    means = {key: total / count for key, (total, count) in sums.items()}
    others_by_period = {
        p.kind: _mean([v for (cadre, kind), v in means.items() if kind == p.kind and cadre not in moves])
        for p in periods
    }
    for cadre_id, (moved_on, how, what) in sorted(moves.items(), key=lambda m: (m[1][0], visible[m[0]].employee_no)):
        values = [PeriodValue(p.kind, p.label, means.get((cadre_id, p.kind)), p.end_date >= moved_on) for p in periods]
        scored = [v for v in values if v.value is not None]
        if not scored:
            continue
        before = _mean(v.value for v in scored if not v.after)
        after = _mean(v.value for v in scored if v.after)
        change = others = relative = None
        if before is not None and after is not None:
            change = after - before
            others_before = _mean(others_by_period[v.kind] for v in scored if not v.after)
            others_after = _mean(others_by_period[v.kind] for v in scored if v.after)
            if others_before is not None and others_after is not None:
                others = others_after - others_before
                relative = change - others
        report.rows.append(
            MovedRow(
                cadre=visible[cadre_id],
                moved_on=moved_on,
                how=how,
                what=what,
                periods=values,
                before=before,
                after=after,
                change=change,
                others_change=others,
                relative=relative,
                flagged=relative is not None and relative <= -DROP_POINTS,
            )
        )
    return report
