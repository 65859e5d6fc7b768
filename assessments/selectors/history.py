"""A cadre's grades across the published years, for other apps (through `assessments.selectors.published`)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from assessments.models import Publication, Result
from assessments.results.display import grade_label_of
from assessments.selectors.final import with_final

# A median of fewer members would let a reader work out another member's composite (of two, it is their mean).
MIN_MEMBERS_FOR_MEDIAN = 3
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class GradeYear:
    """One published year of a cadre: the final grade of the version in force, and where it stood in its group."""

    year: int
    run_id: int
    version: int
    group_id: int
    group_name: str
    grade: str
    grade_label: str
    composite: Decimal | None
    rank: int | None
    group_size: int
    in_bottom: bool
    vetoed: bool
    group_median: Decimal | None  # the group's median composite that year (None: not asked, or under 3 members)
    bonus: Decimal = Decimal("0")  # the bonus and deduction points counted that year (within the scheme's caps)
    deduction: Decimal = Decimal("0")


def _medians(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Decimal]:
    """{(run id, group id): median composite}, one query for every pair."""
    if not pairs:
        return {}
    q = Q()
    for run_id, group_id in pairs:
        q |= Q(run_id=run_id, group_id=group_id)
    values: dict[tuple[int, int], list[Decimal]] = {}
    for run_id, group_id, composite in Result.objects.filter(q, composite__isnull=False).values_list(
        "run_id", "group_id", "composite"
    ):
        assert composite is not None  # composite__isnull=False
        values.setdefault((run_id, group_id), []).append(composite)
    return {
        key: Decimal(str(statistics.median(group))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        for key, group in values.items()
        if len(group) >= MIN_MEMBERS_FOR_MEDIAN
    }


def grade_histories(
    *,
    cadre_ids: Iterable[int],
    organization_id: int | None = None,
    years: Iterable[int] | None = None,
    with_median: bool = False,
) -> dict[int, list[GradeYear]]:
    """{cadre id: their published years, newest first} for many cadres at once: one query (two with the medians).
    A cadre with no published year is absent."""
    published = Publication.objects.filter(state=Publication.State.PUBLISHED)
    if organization_id is not None:
        published = published.filter(organization_id=organization_id)
    if years is not None:
        published = published.filter(year__in=list(years))
    qs = Result.objects.filter(run_id__in=published.values("run_id"), cadre_id__in=cadre_ids)
    rows = list(
        with_final(qs)
        .order_by("cadre_id", "-run__year")
        .values_list(
            "cadre_id",
            "run__year",
            "run_id",
            "run__version",
            "run__scheme__grade_scale",
            "group_id",
            "group__name",
            "final_grade",
            "composite",
            "rank",
            "group_size",
            "final_in_bottom",
            "vetoed",
            "bonus",
            "deduction",
        )
    )
    medians = _medians({(row[2], row[5]) for row in rows}) if with_median else {}
    histories: dict[int, list[GradeYear]] = {}
    for (
        cadre_id,
        year,
        run_id,
        version,
        scale,
        group_id,
        group_name,
        grade,
        composite,
        rank,
        size,
        bottom,
        vetoed,
        bonus,
        deduction,
    ) in rows:
        histories.setdefault(cadre_id, []).append(
            GradeYear(
                year=year,
                run_id=run_id,
                version=version,
                group_id=group_id,
                group_name=group_name,
                grade=grade,
                grade_label=grade_label_of(grade, scale),
                composite=composite,
                rank=rank,
                group_size=size,
                in_bottom=bottom,
                vetoed=vetoed,
                group_median=medians.get((run_id, group_id)),
                bonus=bonus,
                deduction=deduction,
            )
        )
    return histories


def grade_history(*, cadre_id: int) -> list[GradeYear]:
    """A cadre's grades across their organizations' published years, newest first, each with the group's median
    composite that year. Two queries."""
    return grade_histories(cadre_ids=[cadre_id], with_median=True).get(cadre_id, [])
