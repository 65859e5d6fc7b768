"""Annual computation speed on PostgreSQL: the whole job body against one hand-written SQL statement that aggregates
the same scores and computes the same ranks into a scratch table, measured in the same run.

Scenarios (issue figures): 100,000 cadres in 1,000 groups, 5 components, 5 raters each (2.5 million scores), job at
most 1.5x the baseline; 1,000,000 cadres with one score per component, under 15 seconds.

The job computes a year of at least RESULTS_PARALLEL_MIN_MEMBERS memberships in RESULTS_PARALLEL_WORKERS shares at
once (default: the machine's cores); RESULTS_PARALLEL_WORKERS=1 measures the one-statement way. The script says which
way it went.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench), a scratch
database that this script empties (flush) and migrates.

    .venv/bin/python bench/results_compute.py [--cadres 100000 --groups 1000 --raters 5] [--repeat 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench"


def setup_django(*, reuse: bool):
    import os
    import tempfile

    os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre_eval.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from notices_scan import _create_database_if_missing

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL must name a scratch PostgreSQL database")
    _create_database_if_missing(connection.settings_dict)
    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("flush", "--noinput", verbosity=0)


YEAR = 2025
COMPONENTS = 5

# The hand-written statement: the scheme's aggregation per component (the mean, or without the highest and lowest
# score when the component says so), weights, the composite rounded as people see it, and the rank in the group.
# It yields the same ranks as the job (checked after the timing), with none of the job's other work (points, vetoes,
# sanctions, no-grade states, bottom set, quota, grades, the stored row).
BASELINE = """
CREATE TEMP TABLE bench_scratch AS
SELECT m.group_id, x.ratee_id, x.composite,
       RANK() OVER (PARTITION BY m.group_id ORDER BY x.composite DESC) AS rnk
FROM (
    SELECT c.ratee_id, ROUND(SUM(k.weight * c.v) / 100, 2) AS composite
    FROM (
        SELECT ratee_id, component_id,
               ROUND(CASE WHEN component_id IN (SELECT id FROM assessments_component
                                                WHERE scheme_id = %(scheme)s AND aggregation = 'trimmed')
                               AND COUNT(*) >= 3
                          THEN (SUM(value) - MAX(value) - MIN(value)) / (COUNT(*) - 2)
                          ELSE AVG(value) END, 2) AS v
        FROM assessments_score WHERE scheme_id = %(scheme)s
        GROUP BY ratee_id, component_id
    ) c JOIN assessments_component k ON k.id = c.component_id
    GROUP BY c.ratee_id
) x JOIN org_groupmembership m ON m.cadre_id = x.ratee_id
"""


def build(cadres: int, groups: int, raters: int):
    from django.db import connection

    from assessments.models import Scheme
    from assessments.services import scheme_create
    from org.models import AssessmentGroup, Cadre, Organization, Unit

    org = Organization.objects.create(code="bench", name="基准测试局")
    unit = Unit.objects.create(organization=org, name="基准测试局", path="/")
    scheme = scheme_create(
        organization=org,
        year=YEAR,
        template=Scheme.Template.CUSTOM,
        components=[
            {"code": f"c{i}", "name": f"考核项目{i}", "weight": "20", "frequency": "yearly", "aggregation": agg}
            for i, agg in enumerate(["mean", "trimmed", "mean", "trimmed", "mean"])
        ],
    )
    period = scheme.periods.get()
    AssessmentGroup.objects.bulk_create(
        [AssessmentGroup(organization=org, year=YEAR, name=f"考核组{g:04d}") for g in range(groups)]
    )
    rater_ids = [
        Cadre.objects.create(organization=org, unit=unit, employee_no=f"R{r}", name=f"评分人{r}", gender="M").pk
        for r in range(raters)
    ]
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO org_cadre (created_at, updated_at, organization_id, unit_id, employee_no, name, gender,
                                   left_reason, rank_grade)
            SELECT now(), now(), %s, %s, 'B' || i, '干部' || i, 'M', '', '' FROM generate_series(1, %s) i
            """,
            [org.pk, unit.pk, cadres],
        )
        cur.execute(
            """
            INSERT INTO org_groupmembership (created_at, updated_at, group_id, cadre_id, year)
            SELECT now(), now(), g.id, c.id, %s
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM org_cadre
                  WHERE organization_id = %s AND employee_no LIKE 'B%%') c
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM org_assessmentgroup
                  WHERE organization_id = %s) g ON g.n = c.n %% %s
            """,
            [YEAR, org.pk, org.pk, groups],
        )
        # Whole-number scores between 60 and 99: ties are common, as in real rating sheets.
        cur.execute(
            """
            INSERT INTO assessments_score (created_at, updated_at, scheme_id, component_id, period_id, rater_id,
                                           ratee_id, value, min_score, max_score, note, revision)
            SELECT now(), now(), %s, k.id, %s, r.id, c.id, 60 + floor(random() * 40), 0, 100, '', 1
            FROM org_cadre c
            CROSS JOIN assessments_component k
            CROSS JOIN (SELECT unnest(%s::bigint[]) AS id) r
            WHERE c.organization_id = %s AND c.employee_no LIKE 'B%%' AND k.scheme_id = %s
            """,
            [scheme.pk, period.pk, rater_ids, org.pk, scheme.pk],
        )
        cur.execute("ANALYZE")
    return org, scheme


def time_baseline(scheme) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        start = time.perf_counter()
        cur.execute(BASELINE, {"scheme": scheme.pk})
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def same_ranks(scheme, run_id: int) -> int:
    """Rows where the baseline's rank differs from the job's (0: the two compute the same ranks)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(BASELINE, {"scheme": scheme.pk})
        cur.execute(
            """
            SELECT count(*) FROM bench_scratch b
            FULL JOIN (SELECT * FROM assessments_result WHERE run_id = %s) r ON r.cadre_id = b.ratee_id
            WHERE r.id IS NULL OR b.ratee_id IS NULL OR r.rank IS DISTINCT FROM b.rnk
                  OR r.composite IS DISTINCT FROM b.composite
            """,
            [run_id],
        )
        differing = cur.fetchone()[0]
        transaction.set_rollback(True)
    return differing


def clear_results(org) -> None:
    """Each measurement starts from the same table: no earlier run's rows (the job appends a new version each time,
    so repetitions would otherwise measure ever larger indexes). Outside the timing."""
    from django.db import connection

    from assessments.models import Result, ResultRun

    runs = ResultRun.objects.filter(organization=org)
    Result.objects.filter(run__in=runs).delete()
    runs.delete()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE assessments_result")


def time_job(org, scheme) -> tuple[float, int, int]:
    from assessments.services.results import results_run_create, results_run_execute

    run = results_run_create(organization=org, year=YEAR, actor=None, enqueue=False)
    start = time.perf_counter()
    results_run_execute(run_id=run.pk)
    elapsed = time.perf_counter() - start
    run.refresh_from_db()
    assert run.status == "succeeded", run.message
    return elapsed, run.results.count(), run.pk


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--raters", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the previous run (same sizes)")
    args = parser.parse_args()
    setup_django(reuse=args.reuse)
    from assessments.models import Scheme

    start = time.perf_counter()
    existing = Scheme.objects.filter(organization__code="bench").first() if args.reuse else None
    if existing:
        org, scheme = existing.organization, existing
    else:
        org, scheme = build(args.cadres, args.groups, args.raters)
    scores = args.cadres * COMPONENTS * args.raters
    how = "reused" if existing else f"built in {time.perf_counter() - start:.1f} s"
    print(f"{args.cadres:,} cadres in {args.groups:,} groups, {scores:,} scores ({how})")
    baselines, jobs = [], []
    rows = 0
    for _ in range(args.repeat):
        baselines.append(time_baseline(scheme))
        clear_results(org)
        elapsed, rows, run_id = time_job(org, scheme)
        jobs.append(elapsed)
    differing = same_ranks(scheme, run_id)
    from django.conf import settings

    from assessments.models import ResultRun
    from assessments.results.shares import plan_shares

    plan = plan_shares(
        ResultRun.objects.get(pk=run_id),
        workers=settings.RESULTS_PARALLEL_WORKERS,
        min_members=settings.RESULTS_PARALLEL_MIN_MEMBERS,
    )
    if differing:
        sys.exit(f"the baseline and the job disagree on {differing:,} ranks or composites")
    base, job = statistics.median(baselines), statistics.median(jobs)
    print(f"baseline (one aggregate + rank statement into a scratch table): {base:.2f} s (median of {args.repeat})")
    print(f"job body (computation, grades, bottom set, bookkeeping):        {job:.2f} s for {rows:,} results")
    print(f"  in {len(plan.shares)} shares at once" if plan else "  in one statement")
    print(f"same ranks and composites as the baseline: all {rows:,} rows")
    print(f"ratio job / baseline: {job / base:.2f}x")


if __name__ == "__main__":
    main()
