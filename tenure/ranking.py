"""The term evaluation's ranking, one SQL statement with window functions over a round's rows (PostgreSQL, and SQLite
for the embedded default).

It follows the annual results' rules (assessments' results engine, 《公务员考核规定》: 优秀 at most 20%, floored; the scheme's bottom set and vetoes), written here for the tenure rows
until one engine serves both: within each ranking group — the same level (the post's kind) and the same system
(正职任期制、副职聘任制的地方办法: 同层级、同系统中进行排序) —

1. **standard competition ranking** (1, 2, 2, 4) by the combined score, highest first; a row without a combined
   score is not ranked;
2. the **grade** by the round's thresholds: below `incompetent_below` 不称职, below `basic_below` 基本称职, else 称职
   or 优秀;
3. **优秀 is capped by a quota** of those graded in the group — 《公务员考核规定》: at most the quota (default 20%),
   **floored** (21 graded → at most 4) — given from the top among those who reached 称职; a tie that straddles the
   cut is marked `excellent_tie` (称职 until the committee chooses, tenure.services.evaluations), never broken
   silently; those below the cut are marked `quota_reached`.

The quota is counted in integer thousandths, as the annual engine does, so both databases floor alike.
"""

from decimal import Decimal

from django.db import connection

from tenure.models import EvaluationRound, Grade, TermEvaluation

STATEMENT = """
WITH base AS (
    SELECT e.id, e.level, COALESCE(e.system_id, 0) AS sys, e.combined,
           CASE WHEN e.combined IS NULL THEN NULL
                WHEN e.combined < %(incompetent_below)s THEN '{incompetent}'
                WHEN e.combined < %(basic_below)s THEN '{basic}'
                ELSE 'C' END AS pre
    FROM {table} e
    WHERE e.round_id = %(round)s
),
windows AS (
    SELECT b.*,
           CASE WHEN combined IS NOT NULL THEN RANK() OVER w END AS rnk,
           COUNT(combined) OVER whole AS gsize,
           COUNT(pre) OVER whole AS ngraded,
           SUM(CASE WHEN pre = 'C' THEN 1 ELSE 0 END) OVER w AS elig_upto,
           SUM(CASE WHEN pre = 'C' THEN 1 ELSE 0 END) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS elig_peers
    FROM base b
    WINDOW w AS (PARTITION BY level, sys ORDER BY combined DESC NULLS LAST),
           whole AS (PARTITION BY level, sys ORDER BY combined DESC NULLS LAST
                     ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
cuts AS (
    SELECT x.*,
           elig_upto - elig_peers + 1 AS exc_first,
           elig_upto AS exc_last,
           (%(quota)s * ngraded) / 1000 AS quota_n
    FROM windows x
)
UPDATE {table} SET
    rank = cuts.rnk,
    group_size = cuts.gsize,
    excellent_tie = (COALESCE(cuts.pre = 'C', FALSE) AND cuts.exc_first <= cuts.quota_n AND cuts.exc_last > cuts.quota_n),
    quota_reached = (COALESCE(cuts.pre = 'C', FALSE) AND cuts.exc_first > cuts.quota_n),
    grade = CASE WHEN cuts.pre IS NULL THEN ''
                 WHEN cuts.pre <> 'C' THEN cuts.pre
                 WHEN cuts.exc_last <= cuts.quota_n THEN '{excellent}'
                 ELSE '{competent}' END,
    excellent_chosen = NULL
FROM cuts
WHERE cuts.id = {table}.id
"""  # noqa: S608 — only this module's constants are interpolated; every value is a parameter


def rank_round(round_: EvaluationRound) -> None:
    """Rank the round's rows in place, in the current transaction (see the module's docstring)."""
    sql = STATEMENT.format(
        table=TermEvaluation._meta.db_table,
        incompetent=Grade.INCOMPETENT,
        basic=Grade.BASIC,
        excellent=Grade.EXCELLENT,
        competent=Grade.COMPETENT,
    )
    quota = round_.excellent_quota * 1000
    if quota != quota.to_integral_value():
        raise ValueError("the quota is stored with three decimals")
    params = {
        "round": round_.pk,
        "incompetent_below": round_.incompetent_below,
        "basic_below": round_.basic_below,
        "quota": int(quota),
    }
    if connection.vendor == "sqlite":
        # SQLite compares a number with a text parameter as text: hand it numbers.
        params = {k: float(v) if isinstance(v, Decimal) else v for k, v in params.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
