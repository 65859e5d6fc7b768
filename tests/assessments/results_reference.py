"""A plain-Python statement of 《公务员考核规定》: 优秀 at most 20%, floored; the scheme's bottom set and vetoes, cadre by cadre, with exact decimals: what the set-based engine must
agree with. Written for clarity, not speed."""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def r2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class RefComponent:
    code: str
    weight: Decimal
    trimmed: bool
    periods: list[str]


@dataclass
class RefCadre:
    key: int
    scores: dict  # (component code, period) -> list of Decimal
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    vetoed: bool = False
    special: str = ""  # "", "undetermined", "not_assessed"
    effect: str = ""  # "", "not_excellent", "no_grade", "incompetent"


@dataclass
class RefScheme:
    components: list[RefComponent]
    bonus_cap: Decimal = Decimal("3")
    deduction_cap: Decimal = Decimal("10")
    bottom_ratio: Decimal = Decimal("0.1")
    rounding: str = "floor"
    bottom_minimum: int = 1
    bottom_minimum_group_size: int = 10
    quota: Decimal = Decimal("0.2")
    basic_below: Decimal = Decimal("70")
    incompetent_below: Decimal = Decimal("60")
    veto_cap: str = "basic"
    min_group_size: int = 1


@dataclass
class RefResult:
    composite: Decimal | None
    components: dict = field(default_factory=dict)
    rank: int | None = None
    group_size: int = 0
    in_bottom: bool = False
    boundary_tie: bool = False
    incomplete: bool = False
    excellent_tie: bool = False
    quota_reached: bool = False
    grade: str = ""


def _component_score(values_by_period: list[list[Decimal]], trimmed: bool) -> Decimal | None:
    per_period = []
    for values in values_by_period:
        if not values:
            continue
        ordered = sorted(values)
        if trimmed and len(ordered) >= 3:
            ordered = ordered[1:-1]
        per_period.append(r2(sum(ordered) / len(ordered)))
    if not per_period:
        return None
    return r2(sum(per_period) / len(per_period))


def _count(ratio: Decimal, size: int, rounding: str) -> int:
    exact = ratio * size
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "round":
        return int((exact + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR"))
    return math.floor(exact)


def compute_group(scheme: RefScheme, cadres: list[RefCadre]) -> dict[int, RefResult]:
    results = {}
    for c in cadres:
        comps = {}
        for comp in scheme.components:
            score = _component_score([c.scores.get((comp.code, p), []) for p in comp.periods], comp.trimmed)
            if score is not None:
                comps[comp.code] = score
        complete = len(comps) == len(scheme.components)
        composite = None
        if complete and c.special != "not_assessed":
            weighted = sum(comp.weight * comps[comp.code] for comp in scheme.components) / 100
            composite = r2(weighted + min(c.bonus, scheme.bonus_cap) - min(c.deduction, scheme.deduction_cap))
        results[c.key] = RefResult(
            composite=composite, components=comps, incomplete=not complete and c.special != "not_assessed"
        )

    ranked = [c for c in cadres if results[c.key].composite is not None]
    size = len(ranked)
    for c in ranked:
        mine = results[c.key].composite
        results[c.key].rank = 1 + sum(1 for o in ranked if results[o.key].composite > mine)
    for c in cadres:
        results[c.key].group_size = size

    # Bottom set: the n lowest non-vetoed; a tie across the cut is flagged, never broken.
    n = _count(scheme.bottom_ratio, size, scheme.rounding)
    if size >= scheme.bottom_minimum_group_size and n < scheme.bottom_minimum and size > 0:
        n = scheme.bottom_minimum
    if size < scheme.min_group_size:
        n = 0  # too small a group to force-rank
    pool = [c for c in ranked if not c.vetoed]
    for c in pool:
        mine = results[c.key].composite
        below = sum(1 for o in pool if results[o.key].composite < mine)
        tied = sum(1 for o in pool if results[o.key].composite == mine)
        first, last = below + 1, below + tied
        results[c.key].in_bottom = last <= n
        results[c.key].boundary_tie = first <= n < last

    # Grades.
    pre = {}
    for c in cadres:
        res = results[c.key]
        if c.special == "not_assessed":
            g = "6"
        elif c.effect == "incompetent":
            g = "4"
        elif c.special == "undetermined" or c.effect == "no_grade":
            g = "5"
        elif res.composite is None:
            g = ""
        elif res.composite < scheme.incompetent_below:
            g = "4"
        elif res.composite < scheme.basic_below:
            g = "3"
        else:
            g = "C"
        if c.vetoed and scheme.veto_cap == "basic" and g == "C":
            g = "3"
        if c.vetoed and scheme.veto_cap == "incompetent" and g in ("C", "3"):
            g = "4"
        pre[c.key] = g
    graded = sum(1 for c in cadres if pre[c.key] in ("C", "3", "4"))
    quota = math.floor(scheme.quota * graded)
    eligible = [c for c in cadres if pre[c.key] == "C" and c.effect == ""]
    for c in cadres:
        res = results[c.key]
        g = pre[c.key]
        if g != "C":
            res.grade = g
            continue
        if c not in eligible:
            res.grade = "2"
            continue
        mine = res.composite
        above = sum(1 for o in eligible if results[o.key].composite > mine)
        tied = sum(1 for o in eligible if results[o.key].composite == mine)
        first, last = above + 1, above + tied
        res.grade = "1" if last <= quota else "2"
        res.excellent_tie = first <= quota < last
        res.quota_reached = first > quota
    return results
