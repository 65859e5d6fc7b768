"""The annual computation (年度考核结果), in one SQL statement per run: a pure computation that writes nothing but its
statement's rows. A large year on PostgreSQL is computed in shares at once (assessments.results.shares), each one
statement on its own connection.

Everything is set-based: the scores are aggregated per cell, component and cadre, the composite is weighted and
corrected by capped points, then window functions give the rank, the bottom set with its boundary ties, and the
grade with the 优秀 quota. The same statement runs on PostgreSQL (exact numeric arithmetic) and on SQLite (the
embedded default, floating point: a tiny epsilon before each rounding makes a value that is exactly on a .005
boundary round up as it does in decimal; a value computed from two-decimal scores is never closer than 1/(200·n)
to a boundary without being on it, far above the epsilon).

Rounding: the score of a component in one period (over its raters), the component's mean over its periods and the
composite are each rounded half-up to two decimals; the rank compares those rounded composites, which are what
people see.
"""

import datetime
from decimal import Decimal

from django.db import connection

from assessments.models import Appeal, Component, Grade, Result, ResultRun, Scheme
from assessments.results import rules

# Sanction kinds by their effect on the year's grade (公务员考核规定 and 中国共产党纪律处分条例: a sanction overrides
# the score, the heaviest winning).
NOT_EXCELLENT_KINDS = ["party_warning", "party_serious_warning", "gov_warning", "admonishment", "post_adjusted"]
NO_GRADE_THIS_YEAR_KINDS = ["gov_demerit", "ordered_resign", "removed", "demoted"]
NO_GRADE_TWO_YEARS_KINDS = ["gov_major_demerit", "gov_demotion", "gov_dismissal_from_post"]
INCOMPETENT_KINDS = ["party_post_revoked", "party_probation"]

EFFECT_NONE, EFFECT_NOT_EXCELLENT, EFFECT_NO_GRADE, EFFECT_INCOMPETENT = 0, 1, 2, 3


def _in(values: list[str]) -> str:
    # Fixed identifiers from this module, never user input.
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


class _Dialect:
    def __init__(self, vendor: str):
        self.sqlite = vendor == "sqlite"

    def num(self, expr: str) -> str:
        return f"(({expr}) * 1.0)" if self.sqlite else f"({expr})"

    def round2(self, expr: str) -> str:
        return f"ROUND(({expr}) + 1e-9, 2)" if self.sqlite else f"ROUND({expr}, 2)"

    def least(self, a: str, b: str) -> str:
        return f"MIN({a}, {b})" if self.sqlite else f"LEAST({a}, {b})"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)"

    def text2(self, expr: str) -> str:
        """A two-decimal number as text, "85.50" on both databases."""
        return f"printf('%%.2f', {expr})" if self.sqlite else f"CAST({expr} AS TEXT)"

    def string_agg(self, expr: str) -> str:
        return f"group_concat({expr}, ',')" if self.sqlite else f"string_agg({expr}, ',')"


RESULT_COLUMNS = (
    "run_id, group_id, cadre_id, components, bonus, deduction, composite, rank, group_size, vetoed, in_bottom, "
    "boundary_tie, special_status, sanction_effect, incomplete, excellent_tie, quota_reached, grade"
)
# The run's summary per group, counted from the rows as they are written (PostgreSQL) or just after (SQLite).
SUMMARY_FIELDS = ("members", "ranked", "bottom", "boundary", "vetoed", "excellent", "excellent_ties", "incomplete",
                  "no_grade")  # fmt: skip
SUMMARY_INPUTS = "group_id, rank, in_bottom, boundary_tie, vetoed, grade, excellent_tie, incomplete"
SUMMARY_SELECT = f"""
SELECT group_id, COUNT(*), COUNT(rank),
       SUM(CASE WHEN in_bottom THEN 1 ELSE 0 END), SUM(CASE WHEN boundary_tie THEN 1 ELSE 0 END),
       SUM(CASE WHEN vetoed THEN 1 ELSE 0 END), SUM(CASE WHEN grade = '{Grade.EXCELLENT}' THEN 1 ELSE 0 END),
       SUM(CASE WHEN excellent_tie THEN 1 ELSE 0 END), SUM(CASE WHEN incomplete THEN 1 ELSE 0 END),
       SUM(CASE WHEN grade IN ('{Grade.UNDETERMINED}', '{Grade.NOT_ASSESSED}') THEN 1 ELSE 0 END)
FROM {{rows}} GROUP BY group_id
"""  # noqa: S608


def build_statement(
    *, scheme: Scheme, group_id: int | None, vendor: str, average_periods: bool | None = None
) -> tuple[str, dict]:
    """The statement that writes the run's rows, and its parameters. `average_periods` forces (True) the pass that
    averages each component over its periods; by default it runs only when some component has more than one."""
    ctes, select, params = _parts(scheme=scheme, group_id=group_id, vendor=vendor, average_periods=average_periods)
    return f"INSERT INTO {Result._meta.db_table} ({RESULT_COLUMNS}) {ctes} {select}", params


def _parts(
    *,
    scheme: Scheme,
    group_id: int | None,
    vendor: str,
    average_periods: bool | None,
    group_ids: list[int] | None = None,
    weighted_from: str | None = None,
) -> tuple[str, str, dict]:
    """The common table expressions down to `cuts`, the final SELECT of the rows, and the parameters.

    For a run computed in shares (PostgreSQL only): `group_ids` narrows a whole-year run to some of its groups, and
    `weighted_from` names the scratch table where each cadre's weighted scores were aggregated beforehand
    (`_weighted_ctes`)."""
    d = _Dialect(vendor)
    year = scheme.year
    params = {
        "run": None,
        "scheme": scheme.pk,
        "org": scheme.organization_id,
        "year": year,
        "group": group_id,
        "ncomp": len(scheme.components.all()),
        "bonus_cap": scheme.bonus_cap,
        "deduction_cap": scheme.deduction_cap,
        **rules.bottom_count_params(scheme),
        "quota": rules.thousandths(scheme.excellent_quota),
        "basic_below": scheme.basic_below,
        "incompetent_below": scheme.incompetent_below,
        "year_start": datetime.date(year, 1, 1),
        "year_end": datetime.date(year, 12, 31),
        "prev_start": datetime.date(year - 1, 1, 1),
        "groups": group_ids,
    }
    group_filter = "AND g.id = %(group)s" if group_id else ""
    if group_ids is not None:
        group_filter = "AND g.id = ANY(%(groups)s)"
    # A whole year reads all the scheme's scores (one scan); one group reads only its members' (index).
    score_filter = "AND s.ratee_id IN (SELECT cadre_id FROM members)" if group_id else ""
    if weighted_from is None:
        weighted = _weighted_ctes(scheme=scheme, d=d, score_filter=score_filter, average_periods=average_periods)
    else:
        weighted = f"weighted AS (SELECT ratee_id, w, ncomp, components FROM {weighted_from})"  # noqa: S608
    veto_cap = scheme.veto_cap
    if veto_cap == Scheme.VetoCap.BASIC:
        veto_rule = "CASE WHEN vetoed AND pre = 'C' THEN '3' ELSE pre END"
    elif veto_cap == Scheme.VetoCap.INCOMPETENT:
        veto_rule = "CASE WHEN vetoed AND pre IN ('C', '3') THEN '4' ELSE pre END"
    else:
        veto_rule = "pre"
    # Only this module's constants are interpolated; every value is a query parameter.
    ctes = f"""
WITH members AS (
    SELECT m.group_id, m.cadre_id
    FROM org_groupmembership m JOIN org_assessmentgroup g ON g.id = m.group_id
    WHERE g.organization_id = %(org)s AND g.year = %(year)s {group_filter}
),
{weighted},
points AS (
    SELECT e.cadre_id,
           SUM(CASE WHEN i.kind = 'bonus' THEN e.points ELSE 0 END) AS bonus,
           SUM(CASE WHEN i.kind = 'deduction' THEN e.points ELSE 0 END) AS deduction
    FROM assessments_pointentry e JOIN assessments_pointitem i ON i.id = e.item_id
    WHERE e.year = %(year)s AND e.status = 'approved' AND i.organization_id = %(org)s
    GROUP BY e.cadre_id
),
vetoes AS (
    SELECT DISTINCT e.cadre_id
    FROM assessments_vetoentry e JOIN assessments_vetoitem i ON i.id = e.item_id
    WHERE e.year = %(year)s AND e.status = 'approved' AND i.organization_id = %(org)s
),
sanctions AS (
    SELECT cadre_id, MAX(CASE
        WHEN kind IN {_in(INCOMPETENT_KINDS)} AND effective_from >= %(year_start)s THEN {EFFECT_INCOMPETENT}
        WHEN kind IN {_in(NO_GRADE_TWO_YEARS_KINDS)} THEN {EFFECT_NO_GRADE}
        WHEN kind IN {_in(NO_GRADE_THIS_YEAR_KINDS)} AND effective_from >= %(year_start)s THEN {EFFECT_NO_GRADE}
        WHEN kind IN {_in(NOT_EXCELLENT_KINDS)} AND effective_from >= %(year_start)s THEN {EFFECT_NOT_EXCELLENT}
        ELSE {EFFECT_NONE} END) AS effect
    FROM org_sanctionrecord
    WHERE effective_from >= %(prev_start)s AND effective_from <= %(year_end)s
    GROUP BY cadre_id
),
base AS (
    SELECT m.group_id, m.cadre_id, w.components,
           COALESCE(p.bonus, 0) AS bonus, COALESCE(p.deduction, 0) AS deduction,
           (v.cadre_id IS NOT NULL) AS vetoed,
           COALESCE(sp.state, '') AS special,
           COALESCE(sa.effect, 0) AS effect,
           (COALESCE(w.ncomp, 0) <> %(ncomp)s AND COALESCE(sp.state, '') <> 'not_assessed') AS incomplete,
           CASE WHEN w.ncomp = %(ncomp)s AND COALESCE(sp.state, '') <> 'not_assessed' THEN
               {d.round2(f"{d.num('w.w')} / 100 + {d.least('COALESCE(p.bonus, 0)', '%(bonus_cap)s')} - {d.least('COALESCE(p.deduction, 0)', '%(deduction_cap)s')}")}
           END AS composite
    FROM members m
    LEFT JOIN weighted w ON w.ratee_id = m.cadre_id
    LEFT JOIN points p ON p.cadre_id = m.cadre_id
    LEFT JOIN vetoes v ON v.cadre_id = m.cadre_id
    LEFT JOIN assessments_specialstatus sp ON sp.cadre_id = m.cadre_id AND sp.year = %(year)s
    LEFT JOIN sanctions sa ON sa.cadre_id = m.cadre_id
),
graded AS (
    SELECT b.*,
           CASE
               WHEN special = 'not_assessed' THEN '6'
               WHEN effect = {EFFECT_INCOMPETENT} THEN '4'
               WHEN special = 'undetermined' OR effect = {EFFECT_NO_GRADE} THEN '5'
               WHEN composite IS NULL THEN ''
               WHEN composite < %(incompetent_below)s THEN '4'
               WHEN composite < %(basic_below)s THEN '3'
               ELSE 'C'
           END AS pre
    FROM base b
),
capped AS (
    SELECT g.*,
           {veto_rule} AS pre2
    FROM graded g
),
flagged AS (
    SELECT c.*,
           CASE WHEN composite IS NOT NULL AND NOT vetoed THEN 1 ELSE 0 END AS pool,
           CASE WHEN pre2 = 'C' AND effect = {EFFECT_NONE} THEN 1 ELSE 0 END AS elig
    FROM capped c
),
windows AS (
    -- One ordering serves every window (one sort): counting the flagged rows up to and including a cadre's peers,
    -- and among the peers alone, gives where a tie starts and ends. (EXCLUDE GROUP would say the same, but makes
    -- PostgreSQL recompute each frame from scratch.)
    SELECT f.*,
           CASE WHEN composite IS NOT NULL THEN RANK() OVER w END AS rnk,
           COUNT(composite) OVER whole AS gsize,
           SUM(CASE WHEN pre2 IN ('C', '3', '4') THEN 1 ELSE 0 END) OVER whole AS ngraded,
           SUM(pool) OVER whole AS pool_size,
           -- w's own frame (from the start to the last of the cadre's peers), so these share RANK's pass
           SUM(pool) OVER w AS pool_upto,
           SUM(pool) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS pool_peers,
           SUM(elig) OVER w AS elig_upto,
           SUM(elig) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS elig_peers
    FROM flagged f
    WINDOW w AS (PARTITION BY group_id ORDER BY composite DESC NULLS LAST),
           whole AS (PARTITION BY group_id ORDER BY composite DESC NULLS LAST
                     ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
cuts AS (
    SELECT x.*,
           -- ascending among the pool: first = those strictly below + 1, last = those below + the tied
           pool_size - pool_upto + 1 AS low_first,
           pool_size - pool_upto + pool_peers AS low_last,
           elig_upto - elig_peers + 1 AS exc_first,
           elig_upto AS exc_last,
           {rules.bottom_count_sql(rounding=scheme.bottom_rounding)} AS bottom_n,
           {rules.excellent_quota_sql()} AS quota_n
    FROM windows x
)
"""  # noqa: S608
    select = f"""
SELECT %(run)s, group_id, cadre_id, COALESCE(components, ''), bonus, deduction,
       composite, rnk, gsize, vetoed,
       (pool = 1 AND low_last <= bottom_n) AS in_bottom,
       (pool = 1 AND low_first <= bottom_n AND low_last > bottom_n) AS boundary_tie,
       special,
       CASE effect WHEN {EFFECT_NOT_EXCELLENT} THEN 'not_excellent' WHEN {EFFECT_NO_GRADE} THEN 'no_grade'
                   WHEN {EFFECT_INCOMPETENT} THEN 'incompetent' ELSE '' END,
       incomplete,
       (elig = 1 AND exc_first <= quota_n AND exc_last > quota_n) AS excellent_tie,
       (elig = 1 AND exc_first > quota_n) AS quota_reached,
       CASE WHEN pre2 = 'C' THEN
                CASE WHEN elig = 1 AND exc_last <= quota_n THEN '{Grade.EXCELLENT}'
                     ELSE '{Grade.COMPETENT}' END
            ELSE pre2 END
FROM cuts
"""  # noqa: S608
    return ctes, select, params


def _weighted_ctes(*, scheme: Scheme, d: "_Dialect", score_filter: str, average_periods: bool | None) -> str:
    """`cells` (a component's score in a period), `comp` (over its periods) and `weighted` (per cadre: the weighted
    sum, how many components, and the components as text), from the scheme's scores narrowed by `score_filter`."""
    components = list(scheme.components.all())
    # The scheme's few components are written into the statement as integers from our own rows, so the scores
    # are aggregated in index order without joining the component table (which would force a re-sort).
    trimmed_ids = (
        "(" + ", ".join(str(int(c.pk)) for c in components if c.aggregation == Component.Aggregation.TRIMMED) + ")"
    )
    if trimmed_ids == "()":
        trimmed_ids = "(NULL)"
    weight_case = "CASE component_id " + " ".join(f"WHEN {int(c.pk)} THEN {c.weight:f}" for c in components) + " END"
    # A component's score is the mean of its periods' scores. When every component is scored in one period only
    # (all yearly), that mean is the period's score itself, and a whole aggregation pass over every cell is saved.
    if average_periods is None:
        average_periods = any(len(c.period_kinds) > 1 for c in components)
    comp = "SELECT ratee_id, component_id, v FROM cells"
    if average_periods:
        mean = d.round2("AVG(v)")
        comp = f"SELECT ratee_id, component_id, {mean} AS v FROM cells GROUP BY ratee_id, component_id"  # noqa: S608
    return f"""
cells AS (
    SELECT s.ratee_id, s.component_id, s.period_id,
           {d.round2(f"CASE WHEN s.component_id IN {trimmed_ids} AND COUNT(*) >= 3 THEN {d.num('SUM(s.value) - MAX(s.value) - MIN(s.value)')} / (COUNT(*) - 2) ELSE {d.num('SUM(s.value)')} / COUNT(*) END")} AS v
    FROM assessments_score s
    WHERE s.scheme_id = %(scheme)s {score_filter}
    GROUP BY s.ratee_id, s.component_id, s.period_id
),
comp AS (
    {comp}
),
weighted AS (
    SELECT ratee_id, SUM({weight_case} * v) AS w, COUNT(*) AS ncomp,
           {d.string_agg(f"{d.text('component_id')} || ':' || {d.text2('v')}")} AS components
    FROM comp
    GROUP BY ratee_id
)
"""  # noqa: S608


def _write(run: ResultRun, *, group_ids: list[int] | None = None, weighted_from: str | None = None) -> dict[int, dict]:
    """Write the run's rows (or those of `group_ids`) and return the counts per group (SUMMARY_FIELDS). On PostgreSQL
    one statement writes the rows and counts them as it writes."""
    vendor = connection.vendor
    ctes, select, params = _parts(
        scheme=run.scheme,
        group_id=run.group_id,
        vendor=vendor,
        average_periods=None,
        group_ids=group_ids,
        weighted_from=weighted_from,
    )
    params["run"] = run.pk
    table = Result._meta.db_table
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            _set_local_for_writes(cursor)
        statements = [
            f"{ctes}, written AS (INSERT INTO {table} ({RESULT_COLUMNS}) {select} RETURNING {SUMMARY_INPUTS}) "
            + SUMMARY_SELECT.format(rows="written")
        ]
    else:
        # SQLite has no INSERT in a WITH clause: write, then count. It compares a number with a text parameter as
        # text; hand it numbers.
        params = {k: float(v) if isinstance(v, Decimal) else v for k, v in params.items()}
        statements = [
            f"INSERT INTO {table} ({RESULT_COLUMNS}) {ctes} {select}",
            SUMMARY_SELECT.format(rows=f"{table} WHERE run_id = %(run)s"),
        ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
        return {row[0]: dict(zip(SUMMARY_FIELDS, (int(n or 0) for n in row[1:]), strict=True)) for row in cursor}


def compute_run(run: ResultRun) -> dict[int, dict]:
    """Write the run's results in the current transaction (replacing any it already has, so a re-run of a dead job is
    clean). Returns the counts per group (SUMMARY_FIELDS)."""
    rows_delete(run.pk)
    return _write(run)


def rows_delete(run_id: int) -> int:
    """Remove a run's rows in two statements whatever their number, reading none of them: the appeals that name one
    let go of it (what Appeal.result's SET_NULL asks for), then one DELETE. (Django's delete() would load every row
    to apply that SET_NULL itself: 35 s and +1.6 GB of worker memory for a million rows.) Appeal.result is the only
    reference to a result row (tests/assessments/test_results_cleanup.py holds that); a new one must be handled here.
    Returns the number of rows deleted."""
    Appeal.objects.filter(result__run_id=run_id).update(result=None)
    rows = Result.objects.filter(run_id=run_id)
    return rows._raw_delete(rows.db)


def _set_local_for_writes(cursor) -> None:
    # Compiling these long statements costs more than the compiled code saves. And the rows are derived: if the
    # server fails right after the commit the run can be computed again, so the commit need not wait for the disk.
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL synchronous_commit = off")
