"""The scheme's counting rules as the computation applies them: how many cadres of a group form its bottom set, and
how many may be graded 优秀.
"""

from __future__ import annotations

from decimal import Decimal

from assessments.models import Scheme, TieDecision

BOTTOM = TieDecision.Kind.BOTTOM


EXCELLENT = TieDecision.Kind.EXCELLENT


def _thousandths(ratio: Decimal) -> int:
    value = Decimal(ratio) * 1000
    if value != value.to_integral_value():
        raise ValueError("ratios are stored with three decimals")
    return int(value)


def bottom_count(*, scheme: Scheme, group_size: int) -> int:
    """n of the bottom set: none for a group smaller than the scheme's minimum group size; else ratio × group size
    under the scheme's rounding, and the scheme's minimum for groups of at least its minimum size. The Python twin of engine._bottom_count (integer thousandths, as the SQL does)."""
    if group_size < scheme.min_group_size:
        return 0  # too small a group to force-rank
    product = _thousandths(scheme.bottom_ratio) * group_size
    if scheme.bottom_rounding == Scheme.Rounding.CEIL:
        raw = (product + 999) // 1000
    elif scheme.bottom_rounding == Scheme.Rounding.ROUND:
        raw = (product + 500) // 1000
    else:
        raw = product // 1000
    if group_size > 0 and group_size >= scheme.bottom_minimum_group_size and raw < scheme.bottom_minimum:
        return scheme.bottom_minimum
    return raw


def excellent_quota(*, scheme: Scheme, graded: int) -> int:
    # 公务员考核规定: 优秀 at most 20% (25% with approval) of those graded, floored.
    return _thousandths(scheme.excellent_quota) * graded // 1000


def tie_flag(kind: str) -> str:
    return "boundary_tie" if kind == BOTTOM else "excellent_tie"
