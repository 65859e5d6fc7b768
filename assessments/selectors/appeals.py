"""Reads of appeals (申诉复核) for other apps (through `assessments.selectors.published`): what waits for the party
committee."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Appeal

DEDUCTION = "deduction"


@dataclass(frozen=True)
class AppealState:
    """The appeals of a cadre's year that wait for the party committee."""

    cadre_id: int
    year: int
    pending_count: int
    grade_review_pending: bool  # a 复核 of a 不称职 grade
    pending_items: tuple[tuple[str, int], ...]  # ("deduction" | "veto", entry id) under appeal

    @property
    def pending(self) -> bool:
        return self.pending_count > 0


def pending_appeals(*, cadre_id: int, year: int) -> AppealState:
    """One query."""
    rows = list(
        Appeal.objects.filter(cadre_id=cadre_id, year=year, status=Appeal.Status.PENDING).values_list(
            "target", "point_entry_id", "veto_entry_id"
        )
    )
    items = tuple(
        (target, point_id if target == Appeal.Target.DEDUCTION else veto_id)
        for target, point_id, veto_id in rows
        if target != Appeal.Target.GRADE
    )
    return AppealState(
        cadre_id=cadre_id,
        year=year,
        pending_count=len(rows),
        grade_review_pending=any(target == Appeal.Target.GRADE for target, _p, _v in rows),
        pending_items=items,
    )


def item_appeal_pending(*, target: str, entry_id: int) -> bool:
    """Whether an appeal of this deduction or veto waits for the committee."""
    field = "point_entry_id" if target == DEDUCTION else "veto_entry_id"
    return Appeal.objects.filter(status=Appeal.Status.PENDING, **{field: entry_id}).exists()
