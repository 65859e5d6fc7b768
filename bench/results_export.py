"""Ranking export speed and memory on PostgreSQL, each format against a bare baseline measured in the same run.

- CSV: the export view (auth, scope, audit row, streamed response consumed to the end) against PostgreSQL
  `COPY (SELECT the same rows in the same order) TO STDOUT WITH CSV` through psycopg2's copy_expert into a sink
  that discards it. Target: at most 3x.
- XLSX: the export job body (scoped query, progress, xlsxwriter constant_memory workbook written to disk) against a
  bare xlsxwriter constant_memory writer of the same rows, fetched beforehand, with the same typed write calls.
  Target: at most 1.3x.
- Memory: how far each export raises the peak RSS (resource.getrusage's ru_maxrss, reset before each export through
  Linux's /proc/self/clear_refs) for 10,000 rows and for N rows (default 100,000): flat means about the same.

The results come from the real computation (bench/results_compute.py's build(), one rater per component).
Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench_results_export),
a scratch database that this script creates if missing, migrates and empties (flush).

    .venv/bin/python bench/results_export.py [--rows 100000 --groups 1000] [--repeat 5] [--reuse]
"""

import argparse
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_compute import YEAR, build, setup_django  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench_results_export"

SMALL = 10_000

# The same rows in the same order as the export, straight out of the database.
BASELINE_SELECT = """
SELECT %(year)s, g.name, c.employee_no, c.name, r.composite, r.rank, r.group_size, r.grade, r.grade,
       r.in_bottom, r.vetoed, r.boundary_tie
FROM assessments_result r
JOIN org_cadre c ON c.id = r.cadre_id
JOIN org_assessmentgroup g ON g.id = r.group_id
WHERE r.run_id = %(run)s
ORDER BY g.name, r.rank NULLS LAST, c.employee_no
"""


class Sink:
    """Counts what it is given and keeps none of it."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)
        return len(data)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(rows: int, groups: int):
    """The organization, its N-row run, a 10,000-row run copied from it, and a committee user (whole org)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from assessments.models import ResultRun
    from assessments.services.results import results_run_create, results_run_execute
    from org.models import RoleAssignment
    from org.services import role_assign

    org, scheme = build(rows, groups, 1)
    run = results_run_create(organization=org, year=YEAR, enqueue=False)
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ResultRun.Status.SUCCEEDED, run.message
    small = ResultRun.objects.create(
        organization=org, year=YEAR, version=run.version + 1, scheme=scheme, status=ResultRun.Status.SUCCEEDED
    )
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO assessments_result (run_id, group_id, cadre_id, components, bonus, deduction, composite, rank,
                group_size, vetoed, in_bottom, boundary_tie, special_status, sanction_effect, incomplete,
                excellent_tie, quota_reached, grade)
            SELECT %s, group_id, cadre_id, components, bonus, deduction, composite, rank, group_size, vetoed,
                in_bottom, boundary_tie, special_status, sanction_effect, incomplete, excellent_tie, quota_reached,
                grade
            FROM assessments_result WHERE run_id = %s ORDER BY id LIMIT %s
            """,
            [small.pk, run.pk, SMALL],
        )
        cur.execute("ANALYZE")
    user = get_user_model().objects.create_user(username="bench-committee", password="x")
    role_assign(user=user, role=RoleAssignment.Role.COMMITTEE, organization=org)
    return run, small, user


def existing():
    from django.contrib.auth import get_user_model

    from assessments.models import ResultRun

    runs = list(ResultRun.objects.filter(organization__code="bench", status="succeeded").order_by("version"))
    if len(runs) < 2:
        return None
    return runs[0], runs[-1], get_user_model().objects.get(username="bench-committee")


def time_copy(run) -> tuple[float, int]:
    from django.db import connection

    sink = Sink()
    with connection.cursor() as cur:
        sql = cur.mogrify(BASELINE_SELECT, {"year": run.year, "run": run.pk}).decode()
        start = time.perf_counter()
        cur.copy_expert(f"COPY ({sql}) TO STDOUT WITH CSV HEADER", sink)
        elapsed = time.perf_counter() - start
    return elapsed, sink.size


def time_csv(run, user) -> tuple[float, int]:
    """The view as a browser gets it: the response's chunks, encoded, consumed to the end."""
    from django.test import RequestFactory

    from assessments.views.results_export import results_export_csv

    request = RequestFactory().get(f"/assessments/results/runs/{run.pk}/export.csv")
    request.user = user
    sink = Sink()
    start = time.perf_counter()
    response = results_export_csv(request, pk=run.pk)
    for chunk in response.streaming_content:
        sink.write(chunk)
    response.close()
    return time.perf_counter() - start, sink.size


def time_xlsx_job(run, user) -> float:
    from assessments import exports

    job = exports.results_export_job_create(run=run, user=user, enqueue=False)
    start = time.perf_counter()
    done = exports.results_export_job_run(token=job.token)
    elapsed = time.perf_counter() - start
    assert done.status == "succeeded", done.message
    return elapsed


def time_bare_xlsx(run, directory: Path) -> float:
    """A bare constant_memory writer: the rows already in memory, one typed call per cell, the file on disk."""
    import xlsxwriter
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(BASELINE_SELECT, {"year": run.year, "run": run.pk})
        rows = cur.fetchall()
    labels = {"1": "优秀", "2": "称职", "3": "基本称职", "4": "不称职", "5": "不定等次", "6": "不进行考核", "": "未定"}
    rows = [
        (
            y,
            g,
            no,
            name,
            comp,
            rank,
            size,
            labels[grade],
            code,
            "是" if b else "否",
            "是" if v else "否",
            "是" if t else "否",
        )
        for y, g, no, name, comp, rank, size, grade, code, b, v, t in rows
    ]
    path = directory / "bare.xlsx"
    start = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("sheet")
    text, number = sheet.write_string, sheet.write_number
    for column, title in enumerate(["年度", "考核组", "工号", "姓名", "综合得分", "组内排名", "组内人数", "等次"]):
        text(0, column, title)
    for i, (year, group, no, name, comp, rank, size, label, code, bottom, vetoed, tie) in enumerate(rows, 1):
        number(i, 0, year)
        text(i, 1, group)
        text(i, 2, no)
        text(i, 3, name)
        if comp is not None:
            number(i, 4, comp)
        if rank is not None:
            number(i, 5, rank)
        number(i, 6, size)
        text(i, 7, label)
        if code:
            text(i, 8, code)
        text(i, 9, bottom)
        text(i, 10, vetoed)
        text(i, 11, tie)
    workbook.close()
    elapsed = time.perf_counter() - start
    path.unlink()
    return elapsed


def reset_peak() -> bool:
    """Linux: set the process's peak RSS (what ru_maxrss reports) back to its current RSS, so the next reading is the
    peak of what runs in between."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def peak_growth(export, run, user) -> tuple[float, float] | None:
    """(MB in use when the export starts, MB it adds at its peak)."""
    if not reset_peak():
        return None
    before = peak_mb()
    export(run, user)
    return before, peak_mb() - before


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the previous run (same sizes)")
    args = parser.parse_args()
    # A scratch database of its own: the other benchmarks empty theirs.
    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    setup_django(reuse=args.reuse)
    from django.conf import settings

    start = time.perf_counter()
    found = existing() if args.reuse else None
    large, small, user = found or prepare(args.rows, args.groups)
    count = large.results.count()
    print(
        f"{count:,} result rows in {args.groups:,} groups (and a {small.results.count():,}-row run) ready in "
        f"{time.perf_counter() - start:.1f} s"
    )
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    scratch = Path(settings.MEDIA_ROOT)

    # Memory: once warm (modules loaded, queries compiled, the allocator's pools grown once), each export's peak
    # over what was in use before it.
    for run in (small, large):
        time_csv(run, user)
        time_xlsx_job(run, user)
    for label, export in (("CSV", time_csv), ("XLSX", time_xlsx_job)):
        grown = [peak_growth(export, run, user) for run in (small, large)]
        if grown[0] is None:
            print("peak RSS: cannot reset the peak on this system (Linux /proc/self/clear_refs); not measured")
            break
        print(
            f"{label:<4} peak RSS growth: {grown[0][1]:.1f} MB for {SMALL:,} rows, {grown[1][1]:.1f} MB for "
            f"{count:,} rows (over {grown[1][0]:.0f} MB in use)"
        )

    copies, csvs, bares, jobs = [], [], [], []
    size_copy = size_csv = 0
    for _ in range(args.repeat):
        elapsed, size_copy = time_copy(large)
        copies.append(elapsed)
        elapsed, size_csv = time_csv(large, user)
        csvs.append(elapsed)
        bares.append(time_bare_xlsx(large, scratch))
        jobs.append(time_xlsx_job(large, user))
    # Noise on a shared machine only ever adds time, so the fastest of the repeats is each side's own cost; the
    # medians are printed beside them.
    copy, csv_, bare, job = (min(x) for x in (copies, csvs, bares, jobs))
    mcopy, mcsv, mbare, mjob = (statistics.median(x) for x in (copies, csvs, bares, jobs))
    n = args.repeat
    print(f"baseline COPY ... TO STDOUT WITH CSV:  {copy:.3f} s (median {mcopy:.3f}; {size_copy / 1e6:.1f} MB)")
    print(f"CSV export view, streamed:             {csv_:.3f} s (median {mcsv:.3f}; {size_csv / 1e6:.1f} MB)")
    print(f"ratio CSV / COPY: {csv_ / copy:.2f}x fastest of {n}, {mcsv / mcopy:.2f}x median (target <= 3x)")
    print(f"baseline bare xlsxwriter (constant_memory): {bare:.2f} s (median {mbare:.2f})")
    print(f"XLSX export job body:                       {job:.2f} s (median {mjob:.2f}) = {count / job:,.0f} rows/s")
    print(f"ratio XLSX / bare writer: {job / bare:.2f}x fastest of {n}, {mjob / mbare:.2f}x median (target <= 1.3x)")
    shutil.rmtree(settings.VAR_DIR, ignore_errors=True)  # the scratch folder setup_django made


if __name__ == "__main__":
    main()
