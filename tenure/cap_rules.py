"""Caps on terms and years (《党政领导干部职务任期暂行规定》 2006: two consecutive terms in the same post, then no
further appointment to it; 15 years at the same level, then no further nomination at that level; local rules add
caps by unit). A cap is a policy row: scope (the same post, unit or level — a post's level is its kind, 正职 / 副职 …),
measure (counted terms, term_rules.counts_as_term; or years, term_rules.served_months), limit, whether only
consecutive terms count (the latest unbroken holding of the post), and whether reaching it refuses the appointment
or is only flagged. Plain functions over facts read by the selectors; nothing here touches the database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tenure.term_rules import Rules, counts_as_term, latest_run, served_months

POST, UNIT, LEVEL = "post", "unit", "level"
TERMS, YEARS = "terms", "years"


@dataclass(frozen=True)
class CapRule:
    scope: str
    measure: str
    limit: int
    consecutive: bool = False
    blocks: bool = True
    label: str = ""


@dataclass(frozen=True)
class TermFacts:
    post_id: int
    unit_id: int
    level: str
    starts_on: datetime.date
    ends_on: datetime.date
    ended_on: datetime.date | None
    inherited: bool
    rules: Rules

    @property
    def last_day(self) -> datetime.date:
        return self.ended_on or self.ends_on

    @property
    def counts(self) -> bool:
        return counts_as_term(
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            ended_on=self.ended_on,
            inherited=self.inherited,
            rules=self.rules,
        )


@dataclass(frozen=True)
class HoldingFacts:
    post_id: int
    unit_id: int
    level: str
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class CapState:
    rule: CapRule
    key: object  # the post id, unit id or level
    value: int  # counted terms, or months served
    reached: bool

    @property
    def value_text(self) -> str:
        if self.rule.measure == TERMS:
            return str(self.value)
        years, months = divmod(self.value, 12)
        if months:
            return _("%(y)s年%(m)s个月") % {"y": years, "m": months}
        return _("%(y)s年") % {"y": years}


def _in_scope(fact, scope: str, key) -> bool:
    if scope == POST:
        return fact.post_id == key
    if scope == UNIT:
        return fact.unit_id == key
    return fact.level == key


def cap_value(
    rule: CapRule,
    key,
    *,
    terms: Iterable[TermFacts],
    holdings: Iterable[HoldingFacts],
    as_of: datetime.date,
    continuing_on: datetime.date | None = None,
) -> int:
    """The cadre's counted terms or months in the scope `key` on `as_of`. `continuing_on`: the day a new appointment
    to that post would start; consecutive terms then count only when it continues the latest holding without a
    break (the last appointment ended that day or later)."""
    terms = [t for t in terms if _in_scope(t, rule.scope, key)]
    holdings = [h for h in holdings if _in_scope(h, rule.scope, key)]
    if rule.measure == YEARS:
        return served_months((h.start, min(h.end or as_of, as_of)) for h in holdings if h.start < as_of)
    if rule.consecutive and rule.scope == POST:
        spans = [(h.start, h.end) for h in holdings]
        if continuing_on is not None and spans:
            last_end = max((e or datetime.date.max) for _s, e in spans)
            if last_end < continuing_on:
                return 0
        terms = latest_run(terms, spans)
    return sum(1 for t in terms if t.starts_on <= as_of and t.counts)


def cap_limit_value(rule: CapRule) -> int:
    return rule.limit if rule.measure == TERMS else rule.limit * 12


def cadre_cap_states(
    rules: Iterable[CapRule], *, terms: list[TermFacts], holdings: list[HoldingFacts], as_of: datetime.date
) -> list[CapState]:
    """Every cap's value for every post, unit or level the cadre has held."""
    states = []
    for rule in rules:
        attribute = {POST: "post_id", UNIT: "unit_id", LEVEL: "level"}[rule.scope]
        keys = sorted({getattr(h, attribute) for h in holdings}, key=str)
        for key in keys:
            value = cap_value(rule, key, terms=terms, holdings=holdings, as_of=as_of)
            states.append(CapState(rule=rule, key=key, value=value, reached=value >= cap_limit_value(rule)))
    return states


def appointment_blocks(
    rules: Iterable[CapRule],
    *,
    terms: list[TermFacts],
    holdings: list[HoldingFacts],
    post_id: int,
    unit_id: int,
    level: str,
    on: datetime.date,
) -> list[CapState]:
    """The blocking caps a new appointment to the post on `on` would go past: the cadre has already reached them."""
    reached = []
    for rule in rules:
        if not rule.blocks:
            continue
        key = {POST: post_id, UNIT: unit_id, LEVEL: level}[rule.scope]
        value = cap_value(rule, key, terms=terms, holdings=holdings, as_of=on, continuing_on=on)
        if value >= cap_limit_value(rule):
            reached.append(CapState(rule=rule, key=key, value=value, reached=True))
    return reached
