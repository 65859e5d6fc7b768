"""The scheme's counting rules as the computation applies them, and the per-group counts a tie is measured
against (how many places are left in the bottom set, how much of the 优秀 quota)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q

from assessments.models import Grade, Result, ResultRun, Scheme, TieDecision

BOTTOM = TieDecision.Kind.BOTTOM
EXCELLENT = TieDecision.Kind.EXCELLENT
# 优秀 candidates are posted (公示) for five working days before the grades become final.
POSTING_WORKING_DAYS = 5
PUBLISHED_NOTICE_KIND = "assessments.published"

DECISION_FIELDS = ["run_id", "cadre_id", "kind", "chosen", "reason", "decided_by_id"]
PUBLICATION_FIELDS = [
    "run_id",
    "state",
    "confirmed_by_id",
    "confirmed_at",
    "posted_on",
    "posting_ends_on",
    "published_on",
    "published_by_id",
]


# --- the scheme's counting rules, as the computation applies them ---------------------------------------------


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


# --- the counts a group's ties are measured against ---------------------------------------------------------------------------------------------------------


@dataclass
class GroupCounts:
    """What one group's ties are measured against."""

    group_id: int
    size: int  # group_size as the computation counted it
    in_bottom: int
    boundary: int
    graded: int
    excellent: int
    excellent_ties: int
    boundary_decided: int = 0
    excellent_decided: int = 0

    def slots(self, scheme: Scheme, kind: str) -> int:
        """Bottom: how many of the tied cadres must join the bottom set. 优秀: how many of them may be graded 优秀."""
        if kind == BOTTOM:
            return bottom_count(scheme=scheme, group_size=self.size) - self.in_bottom
        return excellent_quota(scheme=scheme, graded=self.graded) - self.excellent

    def ties(self, kind: str) -> int:
        return self.boundary if kind == BOTTOM else self.excellent_ties

    def decided(self, kind: str) -> int:
        return self.boundary_decided if kind == BOTTOM else self.excellent_decided


def _decided(kind: str) -> Exists:
    return Exists(TieDecision.objects.filter(run_id=OuterRef("run_id"), cadre_id=OuterRef("cadre_id"), kind=kind))


def group_counts(run: ResultRun, group_ids: Iterable[int] | None = None) -> dict[int, GroupCounts]:
    """Per group with a tie (or per given group): the counts, in one query."""
    qs = Result.objects.filter(run=run)
    if group_ids is None:
        qs = qs.filter(
            group_id__in=Result.objects.filter(run=run)
            .filter(Q(boundary_tie=True) | Q(excellent_tie=True))
            .values("group_id")
        )
    else:
        qs = qs.filter(group_id__in=list(group_ids))
    rows = (
        qs.values("group_id")
        .annotate(
            size=Max("group_size"),
            in_bottom_n=Count("id", filter=Q(in_bottom=True)),
            boundary=Count("id", filter=Q(boundary_tie=True)),
            graded=Count("id", filter=Q(grade__in=[Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT])),
            excellent=Count("id", filter=Q(grade=Grade.EXCELLENT)),
            excellent_ties=Count("id", filter=Q(excellent_tie=True)),
            boundary_decided=Count("id", filter=Q(boundary_tie=True) & Q(_decided(BOTTOM))),
            excellent_decided=Count("id", filter=Q(excellent_tie=True) & Q(_decided(EXCELLENT))),
        )
        .order_by()
    )
    return {
        row["group_id"]: GroupCounts(
            group_id=row["group_id"],
            size=row["size"] or 0,
            in_bottom=row["in_bottom_n"],
            boundary=row["boundary"],
            graded=row["graded"],
            excellent=row["excellent"],
            excellent_ties=row["excellent_ties"],
            boundary_decided=row["boundary_decided"],
            excellent_decided=row["excellent_decided"],
        )
        for row in rows
    }


def tie_flag(kind: str) -> str:
    return "boundary_tie" if kind == BOTTOM else "excellent_tie"
