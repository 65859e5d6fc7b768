"""Removing a run's result rows (a failed run, a dead job's run, a re-run) on PostgreSQL: time and memory of
`assessments.results.engine.rows_delete` against a bare `DELETE FROM assessments_result WHERE run_id = …` measured in
the same run. Target: the worker grows by less than 100 MB for a million rows.

- Time: the median of --repeat removals of N rows each (default 1,000,000; `--rows 200000` on a busy machine); each
  removal starts from freshly written rows, vacuumed outside the timing.
- Memory: how far each removal raises the process's peak RSS (resource.getrusage's ru_maxrss, reset before it through
  Linux's /proc/self/clear_refs), and the peak of Python's own allocations (tracemalloc) during it.
- `--legacy` also measures Django's `Result.objects.filter(run=…).delete()` (what the code did before: it loads every
  row to apply Appeal.result's SET_NULL) once, for comparison; slow and large at a million rows.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench_run_cleanup), a
scratch database that this script creates if missing, migrates and empties (flush).

    .venv/bin/python bench/run_cleanup.py [--rows 1000000] [--repeat 3] [--legacy]
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_compute import YEAR, setup_django  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench_run_cleanup"

# A run's rows as the computation writes them (no foreign-key constraints on them: the ids need no real cadres).
SEED = """
INSERT INTO assessments_result (run_id, group_id, cadre_id, components, bonus, deduction, composite, rank,
    group_size, vetoed, in_bottom, boundary_tie, special_status, sanction_effect, incomplete, excellent_tie,
    quota_reached, grade)
SELECT %(run)s, 1 + i / 100, i, '1:85.00,2:90.00,3:88.50', 0, 0, 80 + (i %% 2000) / 100.0, 1 + i %% 100, 100,
       false, false, false, '', '', false, false, false, '2'
FROM generate_series(1, %(rows)s) AS i
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Linux: set the process's peak RSS back to its current RSS, so the next reading is the peak of what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def prepare():
    """An organization, its scheme, and a maker of run records (one per removal measured). No appeals: a few would
    change nothing measurable (the UPDATE that lets them go runs all the same)."""
    from assessments.models import ResultRun, Scheme
    from org.models import Organization

    org = Organization.objects.create(code="bench", name="基准测试局")
    scheme = Scheme.objects.create(
        organization=org, year=YEAR, name="基准方案", effective_date=datetime.date(YEAR, 1, 1)
    )
    return lambda version: ResultRun.objects.create(
        organization=org, year=YEAR, version=version, scheme=scheme, status=ResultRun.Status.FAILED
    )


def seed(run, rows: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SEED, {"run": run.pk, "rows": rows})
        cursor.execute("VACUUM ANALYZE assessments_result")


def measure(label: str, remove, run, rows: int) -> dict:
    from assessments.models import Result

    seed(run, rows)
    has_peak = reset_peak()
    before = peak_mb()
    tracemalloc.start()
    start = time.perf_counter()
    remove(run)
    elapsed = time.perf_counter() - start
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    grown = peak_mb() - before if has_peak else None
    assert not Result.objects.filter(run_id=run.pk).exists(), label
    return {"seconds": elapsed, "rss_mb": grown, "traced_mb": traced / 2**20}


def bare_delete(run) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM assessments_result WHERE run_id = %s", [run.pk])


def rows_delete(run) -> None:
    from assessments.results.engine import rows_delete as remove

    remove(run.pk)


def legacy_delete(run) -> None:
    from assessments.models import Result

    Result.objects.filter(run=run).delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--legacy", action="store_true", help="also Django's delete() once (slow, large)")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    setup_django(reuse=False)
    new_run = prepare()
    versions = iter(range(1, 10_000))

    # Warm: modules loaded, statements compiled, the allocator's pools grown once.
    for remove in (bare_delete, rows_delete):
        measure("warm", remove, new_run(next(versions)), 1_000)

    figures: dict[str, list[dict]] = {"bare DELETE": [], "rows_delete": []}
    for _ in range(args.repeat):  # alternating, so both see the same machine
        figures["bare DELETE"].append(measure("bare", bare_delete, new_run(next(versions)), args.rows))
        figures["rows_delete"].append(measure("rows_delete", rows_delete, new_run(next(versions)), args.rows))
    if args.legacy:
        figures["Django delete() (before)"] = [measure("legacy", legacy_delete, new_run(next(versions)), args.rows)]

    base = statistics.median(f["seconds"] for f in figures["bare DELETE"])
    print(f"removing {args.rows:,} result rows of one run, median of {args.repeat} (the legacy way: once)")
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, runs in figures.items():
        seconds = statistics.median(f["seconds"] for f in runs)
        rss = [f["rss_mb"] for f in runs if f["rss_mb"] is not None]
        rss_text = f"{max(rss):+.1f} MB" if rss else "not measured (no /proc/self/clear_refs)"
        traced = max(f["traced_mb"] for f in runs)
        print(
            f"  {label:26} {seconds:7.2f} s  {seconds / base:5.2f}x bare  peak RSS {rss_text:>10}  "
            f"Python peak {traced:.2f} MB"
        )


if __name__ == "__main__":
    main()
