"""Reads behind the committee's settlement of ties: every group's ties with the decisions so far, and the counts a
tie is measured against (how many places are left in the bottom set, how much of the 优秀 quota).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from assessments.models import Grade, Result, ResultRun, Scheme, TieDecision
from assessments.results.rules import BOTTOM, EXCELLENT, bottom_count, excellent_quota, tie_flag


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


@dataclass
class TieGroup:
    """One group's ties of one kind, for the settlement page."""

    kind: str
    group_id: int
    group_name: str
    ties: int  # how many are tied (in the whole group, whoever may see them)
    slots: int  # bottom: how many of them must join the bottom set; 优秀: how many at most may be graded 优秀
    decided: int  # how many of them are decided (in the whole group)
    rows: list = field(default_factory=list)  # (result, decision or None), the ones the reader may see

    @property
    def is_bottom(self) -> bool:
        return self.kind == BOTTOM

    @property
    def complete(self) -> bool:
        return self.decided == self.ties

    @property
    def reason(self) -> str:
        reasons = [d.reason for _, d in self.rows if d is not None]
        return reasons[-1] if reasons else ""


def tie_groups(run: ResultRun, results: QuerySet[Result] | None = None) -> list[TieGroup]:
    """Every group's boundary ties and 优秀 ties of the run, with the decisions so far. `results` narrows the rows
    shown (e.g. to the reader's scope); the counts are always the whole group's. Three queries."""
    counts = group_counts(run)
    qs = Result.objects.filter(run=run) if results is None else results
    tied = list(
        qs.filter(Q(boundary_tie=True) | Q(excellent_tie=True))
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "cadre__employee_no")
    )
    decisions = {(d.cadre_id, d.kind): d for d in run.decisions.select_related("decided_by")}
    groups: dict[tuple[int, str], TieGroup] = {}
    for result in tied:
        for kind in (BOTTOM, EXCELLENT):
            if not getattr(result, tie_flag(kind)):
                continue
            key = (result.group_id, kind)
            if key not in groups:
                c = counts[result.group_id]
                groups[key] = TieGroup(
                    kind=kind,
                    group_id=result.group_id,
                    group_name=result.group.name,
                    ties=c.ties(kind),
                    slots=c.slots(run.scheme, kind),
                    decided=c.decided(kind),
                )
            groups[key].rows.append((result, decisions.get((result.cadre_id, kind))))
    # The bottom ties first, as they weigh more on the people concerned; then by group.
    return sorted(groups.values(), key=lambda g: (g.kind != BOTTOM, g.group_name, g.group_id))
