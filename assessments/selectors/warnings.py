"""Reads behind the early warning (过程通报预警): the bottom zone of each group's running composite after a closed
quarter. The rule of the zone: n = the scheme's warning ratio (default 20%) × the members that have a running
composite, floored, and at least 1 when those members are 5 or more (assessments.results.rules); every member ranked n-th or lower from the bottom
is in it, so a tie across the cut warns everyone tied (a warning is never withheld from one of two equal scores).
Vetoes and grades play no part: the warning is about the score alone.
"""

from __future__ import annotations

from django.db import connection

from assessments.models import Period
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
