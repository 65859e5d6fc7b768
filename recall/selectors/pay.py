"""The pay linkage report (待遇挂钩, 洞头区“回炉再造”体系) for the finance office: per month and cadre, the share of the
performance bonus withheld, and the red cards' fixed deductions of the assessment bonus. It reports; it does not run
payroll.

- 回炉锻炼期间扣发绩效考核奖30%, 二次调配期间不予发放 (the policy's percentages; probation has its own);
- a stage's days are its first to its last day, both counted (the retraining from its start to the end its months
  give; the secondary assignment from the day of the assignment to the end of the follow-up or its earlier
  conclusion); a withdrawn case stops the day before it was withdrawn;
- a partial month is pro rata by calendar days: the month's share is the sum over its days of that day's rate,
  divided by the month's days;
- no double counting: a day in two stages (or two cases) counts once, at the higher rate, under that stage;
- a red card on a section-level cadre: its fixed deduction, in the month of the card.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from recall.models import Card, RecallCase

if TYPE_CHECKING:
    from org.models import Cadre

RETRAINING, PROBATION, REASSIGNMENT = "retraining", "probation", "reassignment"
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Stage:
    kind: str
    start: datetime.date
    end: datetime.date
    percent: Decimal


@dataclass(frozen=True)
class PayRow:
    month: str  # YYYY-MM
    cadre_id: int
    employee_no: str
    name: str
    unit: str
    order_nos: str
    retraining_days: int
    probation_days: int
    reassignment_days: int
    month_days: int
    withheld_percent: Decimal
    deduction: Decimal | None
    note: str


def stages_of(case: RecallCase) -> list[Stage]:
    """The case's paid stages with their dates and percentages, cut at a withdrawal."""
    policy = case.policy
    stages = []
    if case.retraining_start and case.retraining_end:
        stages.append(Stage(RETRAINING, case.retraining_start, case.retraining_end, policy.retraining_withheld_percent))
    if case.probation_start and case.probation_end:
        stages.append(Stage(PROBATION, case.probation_start, case.probation_end, policy.probation_withheld_percent))
    if case.reassigned_on and case.follow_up_end:
        end = min(case.follow_up_end, case.concluded_on) if case.concluded_on else case.follow_up_end
        stages.append(Stage(REASSIGNMENT, case.reassigned_on, end, policy.reassignment_withheld_percent))
    if case.withdrawn_on:
        last = case.withdrawn_on - datetime.timedelta(days=1)
        stages = [Stage(s.kind, s.start, min(s.end, last), s.percent) for s in stages if s.start <= last]
    return stages


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def month_end(value: datetime.date) -> datetime.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def _days(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def pay_rows(
    *, cases: QuerySet[RecallCase], cards: QuerySet[Card], first: datetime.date, last: datetime.date
) -> list[PayRow]:
    """The report for the months from `first` to `last` (any day of each), over the given cases and cards (the
    caller scopes them). Ordered by month, then 工号."""
    first, last = month_start(first), month_end(last)
    # cadre id -> day -> (percent, stage): the highest rate of the day wins, once.
    daily: dict[int, dict[datetime.date, tuple[Decimal, str]]] = defaultdict(dict)
    people: dict[int, Cadre] = {}
    orders: dict[int, set[str]] = defaultdict(set)
    for case in cases.select_related("cadre", "cadre__unit", "policy"):
        for stage in stages_of(case):
            start, end = max(stage.start, first), min(stage.end, last)
            if start > end:
                continue
            people[case.cadre_id] = case.cadre
            if case.order_no:
                orders[case.cadre_id].add(case.order_no)
            days = daily[case.cadre_id]
            for day in _days(start, end):
                held = days.get(day)
                if held is None or stage.percent > held[0]:
                    days[day] = (stage.percent, stage.kind)
    deductions: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for card in cards.filter(
        color=Card.Color.RED, state=Card.State.APPROVED, deduction__isnull=False, issued_on__range=(first, last)
    ).select_related("cadre", "cadre__unit"):
        people[card.cadre_id] = card.cadre
        assert card.deduction is not None  # deduction__isnull=False
        deductions[(card.cadre_id, f"{card.issued_on:%Y-%m}")] += card.deduction
    rows = []
    month = first
    while month <= last:
        key_month = f"{month:%Y-%m}"
        size = calendar.monthrange(month.year, month.month)[1]
        for cadre_id, cadre in people.items():
            in_month = [
                v for d, v in daily.get(cadre_id, {}).items() if d.year == month.year and d.month == month.month
            ]
            deduction = deductions.get((cadre_id, key_month))
            if not in_month and deduction is None:
                continue
            counts: defaultdict[str, int] = defaultdict(int)
            for _percent, kind in in_month:
                counts[kind] += 1
            share = (sum((p for p, _ in in_month), Decimal(0)) / size).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
            notes = []
            if in_month and len(in_month) < size:
                notes.append(_("%(days)s/%(size)s天按日折算") % {"days": len(in_month), "size": size})
            if deduction is not None:
                notes.append(_("红牌警示扣减考绩奖"))
            rows.append(
                PayRow(
                    month=key_month,
                    cadre_id=cadre_id,
                    employee_no=cadre.employee_no,
                    name=cadre.name,
                    unit=cadre.unit.name,
                    order_nos="、".join(sorted(orders.get(cadre_id, ()))),
                    retraining_days=counts[RETRAINING],
                    probation_days=counts[PROBATION],
                    reassignment_days=counts[REASSIGNMENT],
                    month_days=size,
                    withheld_percent=share,
                    deduction=deduction,
                    note=";".join(notes),
                )
            )
        month = month_end(month) + datetime.timedelta(days=1)
    return sorted(rows, key=lambda r: (r.month, r.employee_no, r.cadre_id))
