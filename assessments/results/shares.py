"""A large whole-year run on PostgreSQL computed in shares at once, each on its own connection (PostgreSQL runs one
statement on one core): first each cadre's weighted scores for ranges of cadres into an unlogged scratch table of the
run, then the rows of balanced shares of the groups (a group's ranks, bottom set and quota depend on its own members
only). The statements themselves are the engine's.
"""

from __future__ import annotations

import dataclasses
import heapq

from django.db import OperationalError, connection, transaction

from assessments.models import ResultRun
from assessments.results.engine import _Dialect, _set_local_for_writes, _weighted_ctes, _write


@dataclasses.dataclass(frozen=True)
class SharePlan:
    """A whole-year run computed in shares at once, each on its own connection (PostgreSQL runs one statement on
    one core): first each cadre's weighted scores for ranges of cadres (`aggregate_range`) into a scratch table of
    the run, then the rows of shares of the groups (`compute_share`), since a group's ranks, bottom set and quota
    depend on its own members only."""

    scratch: str
    ranges: list[tuple[int, int]]
    shares: list[list[int]]


def plan_shares(run: ResultRun, *, workers: int, min_members: int) -> SharePlan | None:
    """How to compute the run in at most `workers` shares of about equal size; None for one statement: SQLite, a
    single group, fewer members than `min_members`, or inside a transaction (other connections would not see its
    data)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or run.group_id or workers < 2:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.group_id, COUNT(*) FROM org_groupmembership m JOIN org_assessmentgroup g ON g.id = m.group_id "
            "WHERE g.organization_id = %s AND g.year = %s GROUP BY m.group_id",
            [run.organization_id, run.year],
        )
        sizes = cursor.fetchall()
        if sum(n for _, n in sizes) < min_members or len(sizes) < 2:
            return None
        cursor.execute(
            "SELECT MIN(ratee_id), MAX(ratee_id) FROM assessments_score WHERE scheme_id = %s", [run.scheme_id]
        )
        low, high = cursor.fetchone()
    ranges = []
    if low is not None:
        step = (high - low) // workers + 1
        ranges = [(start, min(start + step, high + 1)) for start in range(low, high + 1, step)]
    # Largest group first, each to the lightest share: no share exceeds the ideal by more than one group.
    heap: list[tuple[int, int, list[int]]] = [(0, i, []) for i in range(min(workers, len(sizes)))]
    for group_id, n in sorted(sizes, key=lambda size: (-size[1], size[0])):
        load, i, ids = heapq.heappop(heap)
        ids.append(group_id)
        heapq.heappush(heap, (load + n, i, ids))
    shares = [sorted(ids) for _, i, ids in sorted(heap, key=lambda share: share[1])]
    return SharePlan(scratch=scratch_name(run.pk), ranges=ranges, shares=shares)


def scratch_name(run_id: int) -> str:
    return f"assessments_result_scratch_{int(run_id)}"


def scratch_create(plan: SharePlan) -> None:
    """The run's scratch table, empty (a re-run of a dead job replaces what it left). Unlogged: it lives for one
    job, and a server crash that empties it only fails that job."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {plan.scratch}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {plan.scratch} (ratee_id bigint NOT NULL, w numeric, ncomp bigint, components text)"
        )


def scratch_analyze(plan: SharePlan) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {plan.scratch}")


def scratch_drop(plan: SharePlan) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {plan.scratch}")


def scratch_drop_left(run_id: int) -> bool:
    """Drop the scratch table a dead job of the run may have left (PostgreSQL only). Waits a few seconds at most for
    the table's lock, which a dead worker's last statement can still hold on the server; False if it gave up."""
    if connection.vendor != "postgresql":
        return True
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
            cursor.execute(f"DROP TABLE IF EXISTS {scratch_name(run_id)}")
    except OperationalError:
        return False
    return True


def aggregate_range(run: ResultRun, plan: SharePlan, low: int, high: int) -> None:
    """Each cadre's weighted scores, for cadres low <= id < high, into the run's scratch table."""
    scheme = run.scheme
    ctes = _weighted_ctes(
        scheme=scheme,
        d=_Dialect(connection.vendor),
        score_filter="AND s.ratee_id >= %(low)s AND s.ratee_id < %(high)s",
        average_periods=None,
    )
    with connection.cursor() as cursor:
        _set_local_for_writes(cursor)
        cursor.execute(
            f"INSERT INTO {plan.scratch} (ratee_id, w, ncomp, components) "  # noqa: S608
            f"WITH {ctes} SELECT ratee_id, w, ncomp, components FROM weighted",
            {"scheme": scheme.pk, "low": low, "high": high},
        )


def compute_share(run: ResultRun, plan: SharePlan, group_ids: list[int]) -> dict[int, dict]:
    """Write the rows of some of a whole-year run's groups from the scratch table (in the current transaction; the
    caller removed any rows the run had). Returns their counts per group."""
    return _write(run, group_ids=group_ids, weighted_from=plan.scratch)
