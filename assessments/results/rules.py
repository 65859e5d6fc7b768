"""The scheme's counting rules, each defined once: how many cadres of a group form its bottom set, how many may be
graded 优秀, and how many are warned after a quarter. Each rule is written once, as arithmetic on a group's size and
the scheme's settings; the same definition gives the Python count (for the committee's settlement) and the SQL
expression the computation's statement uses (`*_sql`), so the two cannot drift apart.

Ratios are stored with three decimals and counted in integer thousandths, so that PostgreSQL, SQLite and Python
agree exactly: n = (thousandths × size + offset) // 1000, the offset giving the rounding (0 floors, 500 rounds half
up, 999 ceils).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from assessments.models import Scheme, TieDecision

BOTTOM = TieDecision.Kind.BOTTOM
EXCELLENT = TieDecision.Kind.EXCELLENT

ROUNDING_OFFSETS = {Scheme.Rounding.FLOOR: 0, Scheme.Rounding.ROUND: 500, Scheme.Rounding.CEIL: 999}
# 过程通报预警: a group of at least this many members warns at least one of them, whatever the ratio gives.
WARNING_MIN_GROUP_FOR_ONE = 5


def thousandths(ratio: Decimal) -> int:
    value = Decimal(ratio) * 1000
    if value != value.to_integral_value():
        raise ValueError("ratios are stored with three decimals")
    return int(value)


# --- the two ways of evaluating a rule: Python integers, or SQL text ----------------------------------------------


class Sql:
    """An SQL expression that arithmetic and comparisons build on; `str()` is its text."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def _op(self, op: str, other) -> Sql:
        return Sql(f"({self.text} {op} {_sql(other)})")

    def _rop(self, op: str, other) -> Sql:
        return Sql(f"({_sql(other)} {op} {self.text})")

    def __add__(self, other):
        return self._op("+", other)

    def __radd__(self, other):
        return self._rop("+", other)

    def __mul__(self, other):
        return self._op("*", other)

    def __rmul__(self, other):
        return self._rop("*", other)

    def __floordiv__(self, other):
        # Integer operands on both databases: "/" is integer division, truncating, the same as floor for the
        # non-negative counts here.
        return self._op("/", other)

    def __lt__(self, other):
        return self._op("<", other)

    def __ge__(self, other):
        return self._op(">=", other)

    def __gt__(self, other):
        return self._op(">", other)

    def __and__(self, other):
        return self._op("AND", other)


def _sql(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(int(value)) if isinstance(value, int) else str(value)


def _case_python(branches, default):
    return next((then for condition, then in branches if condition), default)


def _case_sql(branches, default) -> Sql:
    whens = " ".join(f"WHEN {_sql(condition)} THEN {_sql(then)}" for condition, then in branches)
    return Sql(f"CASE {whens} ELSE {_sql(default)} END")


# --- the rules ----------------------------------------------------------------------------------------------------


def _bottom_rule(size, *, ratio, offset, min_group, minimum, minimum_group, case: Callable):
    """The bottom set's size: none for a group smaller than the scheme's minimum group size (too small to
    force-rank); else ratio × size under the scheme's rounding, and at least the scheme's minimum for groups of at
    least its minimum size."""
    raw = (ratio * size + offset) // 1000
    return case([(size < min_group, 0), ((size >= minimum_group) & (raw < minimum) & (size > 0), minimum)], raw)


def _quota_rule(graded, *, quota):
    """公务员考核规定: 优秀 at most 20% (25% with the competent department's approval) of those graded, floored."""
    return (quota * graded) // 1000


def _warning_rule(size, *, ratio, min_size, case: Callable):
    """过程通报预警: the scheme's warning ratio × the members with a running composite, floored; at least one in a
    group of WARNING_MIN_GROUP_FOR_ONE or more (a warning is never withheld from a group for its rounding)."""
    raw = (ratio * size) // 1000
    return case([((raw < 1) & (size >= min_size), 1)], raw)


def bottom_count(*, scheme: Scheme, group_size: int) -> int:
    return _bottom_rule(
        group_size,
        ratio=thousandths(scheme.bottom_ratio),
        offset=ROUNDING_OFFSETS[scheme.bottom_rounding],
        min_group=scheme.min_group_size,
        minimum=scheme.bottom_minimum,
        minimum_group=scheme.bottom_minimum_group_size,
        case=_case_python,
    )


def bottom_count_sql(*, rounding: str, size: str = "gsize") -> str:
    """The same rule over the column `size`, with the statement's parameters %(bottom_ratio)s (thousandths),
    %(min_group)s, %(bottom_min)s and %(bottom_min_size)s (bottom_count_params)."""
    return str(
        _bottom_rule(
            Sql(size),
            ratio=Sql("%(bottom_ratio)s"),
            offset=ROUNDING_OFFSETS[rounding],
            min_group=Sql("%(min_group)s"),
            minimum=Sql("%(bottom_min)s"),
            minimum_group=Sql("%(bottom_min_size)s"),
            case=_case_sql,
        )
    )


def bottom_count_params(scheme: Scheme) -> dict:
    return {
        "bottom_ratio": thousandths(scheme.bottom_ratio),
        "bottom_min": scheme.bottom_minimum,
        "bottom_min_size": scheme.bottom_minimum_group_size,
        "min_group": scheme.min_group_size,
    }


def excellent_quota(*, scheme: Scheme, graded: int) -> int:
    return _quota_rule(graded, quota=thousandths(scheme.excellent_quota))


def excellent_quota_sql(*, graded: str = "ngraded") -> str:
    """The same rule over the column `graded`, with the parameter %(quota)s (thousandths)."""
    return str(_quota_rule(Sql(graded), quota=Sql("%(quota)s")))


def warning_count(*, scheme: Scheme, members: int) -> int:
    return _warning_rule(
        members, ratio=thousandths(scheme.warning_ratio), min_size=WARNING_MIN_GROUP_FOR_ONE, case=_case_python
    )


def warning_count_sql(*, size: str = "gsize") -> str:
    """The same rule over the column `size`, with the parameters %(ratio)s (thousandths) and %(min_size)s."""
    return str(_warning_rule(Sql(size), ratio=Sql("%(ratio)s"), min_size=Sql("%(min_size)s"), case=_case_sql))


def tie_flag(kind: str) -> str:
    return "boundary_tie" if kind == BOTTOM else "excellent_tie"
