"""Term arithmetic as plain functions of dates (《党政领导干部职务任期暂行规定》 2006; 正职任期制、副职聘任制的地方办法). The
term sync, the cap checks and the pages all use these; nothing here touches the database.

- **Start rule** (`term_start`): 6月30日规则 — appointment decided (任职决定) on or before 30 June: the term starts on
  1 January of that year; after 30 June: on 1 January of the next year (正职任期制、副职聘任制的地方办法). 自任职决定之日起: on the decision
  date. 自到岗(试用期开始)之日起: on the day the cadre took up the post (the appointment's start, where a probation
  begins). The decision date is the appointment's 任职决定日期, or its start when none was recorded.
- **Length**: a term ends on the day before the same date `term_years` years later (民法典 Art. 202 month arithmetic:
  a term from 29 February ends on 27 February).
- **Inheritance**: on a post with one seat, an appointment that starts on or before the last day of the post's
  running term finishes it (任期内因组织调整到职的,按前任任期剩余时间计算): its first term runs from its start to that
  day. Otherwise its first term starts by the rule, and never before the day after the post's previous term ended.
  Posts with several seats (副职 ×3) give each appointment its own terms.
- **Continuation**: an appointment that lasts beyond its term runs on into the next one, of full length, starting
  the day after (the version of the policy in effect that day decides its length).
- **Cut short**: an appointment that ends (its end date is the first day no longer served) before its term's last
  day cuts the term there; a term that would start on or after the appointment's end does not exist.
- **Counting** (`counts_as_term`): a term served to its end counts as one term toward the caps, unless it was
  inherited; an inherited or cut-short term counts when the time from its start to its last day is **more than** the
  threshold — `partial_years` years, or half the term — and adds only years otherwise. A running term is counted as
  it will be at its end.
- **Years** (`served_months`): the cadre's appointments in a cap's scope, overlapping ones merged; whole months of
  each stretch by month arithmetic, the leftover days of all stretches together at 30 a month.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from common.workdays import add_months

ONE_DAY = datetime.timedelta(days=1)

JUNE_30 = "june_30"
APPOINTMENT_DATE = "appointment_date"
PROBATION_START = "probation_start"
MORE_THAN_YEARS = "years"
MORE_THAN_HALF = "half"


@dataclass(frozen=True)
class Rules:
    """The numbers of one policy version that the arithmetic needs."""

    term_years: int
    start_rule: str = JUNE_30
    partial_rule: str = MORE_THAN_YEARS
    partial_years: int = 3
    policy_id: int | None = None
    regime: str = "term"

    @property
    def threshold_months(self) -> int:
        if self.partial_rule == MORE_THAN_HALF:
            return self.term_years * 6
        return self.partial_years * 12


@dataclass(frozen=True)
class Holding:
    """One appointment to the post: [start, end), end None while it lasts; `decided` the decision's date."""

    appointment_id: int
    cadre_id: int
    start: datetime.date
    decided: datetime.date
    end: datetime.date | None = None


@dataclass(frozen=True)
class ComputedTerm:
    appointment_id: int
    cadre_id: int
    seq: int
    starts_on: datetime.date
    ends_on: datetime.date
    ended_on: datetime.date | None
    inherited: bool
    rules: Rules

    @property
    def last_day(self) -> datetime.date:
        return self.ended_on or self.ends_on


def term_start(rule: str, *, decided: datetime.date, started: datetime.date) -> datetime.date:
    if rule == JUNE_30:
        year = decided.year if decided <= datetime.date(decided.year, 6, 30) else decided.year + 1
        return datetime.date(year, 1, 1)
    if rule == APPOINTMENT_DATE:
        return decided
    if rule == PROBATION_START:
        return started
    raise ValueError(f"unknown start rule {rule!r}")


def term_last_day(start: datetime.date, years: int) -> datetime.date:
    return add_months(start, 12 * years) - ONE_DAY


def compute_post_terms(
    holdings: Iterable[Holding],
    *,
    single_seat: bool,
    rules_at: Callable[[datetime.date], Rules | None],
    as_of: datetime.date,
) -> list[ComputedTerm]:
    """Every term of one post's appointments (see the module's docstring). `rules_at(day)` is the version in effect
    that day, None where the post is under no regime; an open appointment's terms run up to the one holding `as_of`
    (its first term always exists, even when it begins after `as_of`)."""
    terms: list[ComputedTerm] = []
    post_last_day: datetime.date | None = None  # the last day of the post's running (or last) term
    for holding in sorted(holdings, key=lambda h: (h.start, h.appointment_id)):
        rules = rules_at(holding.start)
        if rules is None:
            continue
        # The first day no longer served; for an open appointment, the day after which no further term starts yet
        # (its first term exists from the start, even one that begins later: a decision after 30 June).
        stop = holding.end if holding.end is not None else as_of + ONE_DAY
        if single_seat and post_last_day is not None and holding.start <= post_last_day:
            start, last, inherited = holding.start, post_last_day, True
        else:
            start = term_start(rules.start_rule, decided=holding.decided, started=holding.start)
            if single_seat and post_last_day is not None:
                start = max(start, post_last_day + ONE_DAY)
            last, inherited = term_last_day(start, rules.term_years), False
        seq = 0
        while start < stop or (seq == 0 and holding.end is None):
            seq += 1
            cut = holding.end is not None and holding.end <= last
            terms.append(
                ComputedTerm(
                    appointment_id=holding.appointment_id,
                    cadre_id=holding.cadre_id,
                    seq=seq,
                    starts_on=start,
                    ends_on=last,
                    ended_on=holding.end - ONE_DAY if cut else None,
                    inherited=inherited,
                    rules=rules,
                )
            )
            if single_seat:
                post_last_day = last
            if cut:
                break
            start = last + ONE_DAY
            rules = rules_at(start) or rules
            last, inherited = term_last_day(start, rules.term_years), False
    return terms


def counts_as_term(*, starts_on, ends_on, ended_on, inherited: bool, rules: Rules) -> bool:
    """Whether the term counts as one term toward the caps (see the module's docstring)."""
    if ended_on is None and not inherited:
        return True
    last = ended_on or ends_on
    return last + ONE_DAY > add_months(starts_on, rules.threshold_months)


def months_between(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Whole months from `start` to `end` (exclusive) by month arithmetic, and the days left over."""
    if end <= start:
        return 0, 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def merge_spans(spans: Iterable[tuple[datetime.date, datetime.date]]) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end) stretches, overlapping or touching ones merged."""
    merged: list[list[datetime.date]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def served_months(spans: Iterable[tuple[datetime.date, datetime.date]]) -> int:
    """Months served over [start, end) stretches (see the module's docstring)."""
    months = days = 0
    for start, end in merge_spans(spans):
        m, d = months_between(start, end)
        months += m
        days += d
    return months + days // 30


def latest_run(terms: list, holdings: list[tuple[datetime.date, datetime.date | None]]) -> list:
    """The terms of the cadre's latest unbroken holding of one post: `holdings` are that post's appointments of the
    cadre as (start, end or None); a term belongs to the stretch its start lies in."""
    spans = merge_spans((s, e or datetime.date.max) for s, e in holdings)
    if not spans:
        return []
    start, end = spans[-1]
    return [t for t in terms if t.last_day >= start and t.starts_on < end]
