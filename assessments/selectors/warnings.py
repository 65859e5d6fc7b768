"""Reads behind the early warning (过程通报预警): the bottom zone of each group's running composite after a closed
quarter. The rule of the zone: n = the scheme's warning ratio (default 20%) × the members that have a running
composite, floored, and at least 1 when those members are 5 or more (assessments.results.rules); every member ranked n-th or lower from the bottom
is in it, so a tie across the cut warns everyone tied (a warning is never withheld from one of two equal scores).
Vetoes and grades play no part: the warning is about the score alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from assessments.models import QUARTERS, Period, Scheme
from assessments.results import rules
from assessments.results.running import quarter_cuts, running_statement


def bottom_zone(*, period: Period) -> list[tuple[int, int, object, int]]:
    """(group id, cadre id, running composite, members) of every cadre in the bottom zone after `period`, all
    groups of the scheme's year at once: one statement with window functions."""
    scheme = period.scheme
    cuts = quarter_cuts(scheme=scheme, upto=period)
    if not cuts:
        return []
    sql, params = running_statement(scheme=scheme, cuts=cuts)
    params.update(ratio=rules.thousandths(scheme.warning_ratio), min_size=rules.WARNING_MIN_GROUP_FOR_ONE)
    sql += f"""
SELECT group_id, cadre_id, composite, gsize FROM (
    SELECT r.group_id, r.cadre_id, r.composite,
           RANK() OVER (PARTITION BY r.group_id ORDER BY r.composite ASC) AS low_rank,
           COUNT(*) OVER (PARTITION BY r.group_id) AS gsize
    FROM running r
) x
WHERE low_rank <= {rules.warning_count_sql()}
ORDER BY group_id, composite, cadre_id
"""  # noqa: S608 (the rule's own SQL; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class RunningZone:
    """The bottom zone of the year in progress, after its latest closed quarter."""

    year: int
    period_id: int
    period_label: str
    cadre_ids: frozenset[int]


def running_bottom_zone(*, organization_id: int, year: int) -> RunningZone | None:
    """The cadres in the bottom zone of the running composite after the latest closed quarter of the year's scheme
    in force; None without a scheme or a closed quarter."""
    scheme = Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT).first()
    if scheme is None:
        return None
    period = (
        Period.objects.filter(scheme=scheme, kind__in=QUARTERS, status=Period.Status.CLOSED)
        .select_related("scheme")
        .order_by("-end_date")
        .first()
    )
    if period is None:
        return None
    zone = bottom_zone(period=period)
    return RunningZone(
        year=year,
        period_id=period.pk,
        period_label=str(period),
        cadre_ids=frozenset(cadre_id for _group, cadre_id, _value, _size in zone),
    )
