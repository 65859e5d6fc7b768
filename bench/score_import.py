"""Score import speed: rows/second for checking (preview) and for checking + writing, against a bare read + COPY.

Builds an organization whose 2025 scheme (four-part template) has Q1 and H1 open, N/200 raters each assigned to
rate 100 cadres on 季度述职评议 and 半年工作点评, writes an xlsx of N score rows (one per rater × cadre × period),
and times the import on the configured database.

The baseline is the least any import of the file must do: read it with bare openpyxl (read-only) and COPY its rows
as they are into a scratch table (PostgreSQL). Each step is timed from the file to the commit; the seal of the
audit rows that follows the commit (common.audit_chain: a background task in production from 5,000 rows, inline
here where tasks run eagerly) is timed on its own and shown beside it. Memory: how far the process's resident
memory rose above where it stood when the step began.

Targets: issue 4, 10,000 rows validated and written in under 10 seconds; issue 20, 100,000 rows in one file in
one transaction in under 15 s, at most 3× the baseline, peak memory under 250 MB.

    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/score_import.py --rows 100000
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The scratch database, the timer, the baseline and the table are the roster bench's (this folder is on the path).
from roster_import import bare_read, print_steps, setup_django, timed  # noqa: E402

RATEES = 100
CELLS_PER_RATER = RATEES * 2  # two periods (Q1, H1), one component each


def build_world(rows: int):
    """The organization, its units, cadres, raters (with accounts), the scheme and the assignments."""
    from django.contrib.auth import get_user_model

    from assessments.models import Period, Scheme
    from assessments.services import period_open, rater_assign_bulk, scheme_create
    from org.services import cadre_bulk_create, organization_create, unit_create

    raters_needed = -(-rows // CELLS_PER_RATER)
    org = organization_create(code="bench", name="基准测试局")
    root = unit_create(organization=org, name="基准测试局机关")
    units = [unit_create(organization=org, parent=root, name=f"科室{i:02d}") for i in range(10)]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"rater{i:04d}") for i in range(raters_needed)]
    )
    raters = cadre_bulk_create(
        organization=org,
        cadres=[
            {"employee_no": f"R{i:04d}", "unit": root, "name": f"评委{i}", "gender": "M", "user": users[i]}
            for i in range(raters_needed)
        ],
    )
    ratees = cadre_bulk_create(
        organization=org,
        cadres=[
            {"employee_no": f"C{i:04d}", "unit": units[i % len(units)], "name": f"干部{i}", "gender": "F"}
            for i in range(RATEES)
        ],
    )
    scheme = scheme_create(
        organization=org, year=2025, template=Scheme.Template.FOUR_PART, effective_date=datetime.date(2025, 1, 1)
    )
    components = {c.code: c for c in scheme.components.all()}
    rater_assign_bulk(
        scheme=scheme,
        components=[components["quarterly_review"], components["half_year_review"]],
        raters=raters,
        ratees=ratees,
    )
    for kind in (Period.Kind.Q1, Period.Kind.H1):
        period_open(period=scheme.periods.get(kind=kind))
    return org, raters, ratees


def build_xlsx(rows: int, raters, ratees, *, shift: int = 0) -> bytes:
    import openpyxl

    from assessments.imports import FORMATS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = FORMATS["scores"].sheet_name
    ws.append(list(FORMATS["scores"].columns))
    written = 0
    for rater in raters:
        for period, component in (("第一季度", "季度述职评议"), ("上半年", "半年工作点评")):
            for ratee in ratees:
                if written == rows:
                    break
                score = 60 + (written * 7 + shift) % 40 + (0.5 if written % 3 == 0 else 0)
                ws.append([2025, period, component, rater.employee_no, ratee.employee_no, score, ""])
                written += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_and_copy(content: bytes) -> int:
    """The baseline: the file read with bare openpyxl and its rows copied as they are (text) into a scratch table,
    in one transaction; nothing is checked."""
    import openpyxl
    from django.db import connection, transaction

    from common.bulk import copy_rows

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = wb.active.iter_rows(values_only=True)
    header = next(rows)
    columns = [f"c{i}" for i in range(len(header))]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_copy ({', '.join(c + ' text' for c in columns)}) ON COMMIT DROP")
        copy_rows("bench_copy", columns, ((None if v is None else str(v) for v in row) for row in rows))
        cursor.execute("SELECT count(*) FROM bench_copy")
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()

    from django.db import connection, reset_queries

    import common.audit_chain
    from assessments.imports import import_apply
    from assessments.models import Score
    from common.models import AuditLog
    from org.roster import WHOLE_ORGANIZATION

    # The seal after each commit, timed apart from the import it follows.
    sealing = [0.0]
    chain_seal = common.audit_chain.chain_seal

    def timed_seal(label):
        start = time.perf_counter()
        try:
            return chain_seal(label)
        finally:
            sealing[0] += time.perf_counter() - start

    common.audit_chain.chain_seal = timed_seal

    def step(fn):
        sealing[0] = 0.0
        result, seconds, mem = timed(fn)
        return result, seconds - sealing[0], sealing[0], mem

    n = args.rows
    load_before = os.getloadavg()
    org, raters, ratees = build_world(n)
    content = build_xlsx(n, raters, ratees)
    changed = build_xlsx(n, raters, ratees, shift=3)

    _, read_s, read_mem = timed(lambda: bare_read(content))
    base_s, base_mem = read_s, read_mem
    if connection.vendor == "postgresql":
        copied, base_s, base_mem = timed(lambda: read_and_copy(content))
        assert copied == n, copied

    def run(data, *, dry_run=False):
        return import_apply(
            kind="scores",
            organization=org,
            year=2025,
            content=data,
            file_name="bench.xlsx",
            scope=WHOLE_ORGANIZATION,
            dry_run=dry_run,
        )

    connection.force_debug_cursor = True
    reset_queries()
    plan, check_s, _, check_mem = step(lambda: run(content, dry_run=True))
    check_queries = len(connection.queries)
    connection.force_debug_cursor = False
    assert plan.counts() == {"new": n, "changed": 0, "unchanged": 0}, plan.counts()

    _, write_s, write_seal, write_mem = step(lambda: run(content))
    assert Score.objects.filter(scheme=plan.scheme).count() == n
    assert AuditLog.objects.filter(action="assessments.score.import", seq__isnull=False).count() == n

    plan_changed, change_s, change_seal, change_mem = step(lambda: run(changed))
    assert plan_changed.counts()["unchanged"] < n

    plan_again, again_s, _, _ = step(lambda: run(changed))
    assert not plan_again.has_changes

    # The import as a worker or the command runs it, alone in a fresh process: its peak resident memory is the
    # import's (this process holds the files it built and the memory Python kept from earlier steps).
    import subprocess
    import tempfile

    def peak_rss(*arguments: str) -> int:
        """The peak resident memory of `manage.py …` run in a fresh process, in bytes, as GNU time reports it (the
        bench's own RUSAGE_CHILDREN would count the pages a forked child shares with this large process)."""
        if not os.path.exists("/usr/bin/time"):
            sys.exit("the fresh-process step needs GNU time (/usr/bin/time; Debian's package `time`)")
        with tempfile.NamedTemporaryFile("r") as out:
            subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", out.name, sys.executable, str(ROOT / "manage.py"), *arguments],
                check=True,
                capture_output=True,
            )
            return int(out.read().split()[-1]) * 1024

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(build_xlsx(n, raters, ratees, shift=5))
        f.flush()
        # First the process at rest with the whole site loaded (what manage.py loads before a command: the URLs,
        # views and their libraries), so that what the import itself adds can be told apart.
        resting_rss = peak_rss("check")
        start = time.perf_counter()
        command_rss = peak_rss("import_scores", f.name, "--org", org.code, "--year", "2025")
        command_s = time.perf_counter() - start

    print(f"rows: {n}   database: {connection.vendor} ({os.environ.get('DATABASE_URL', 'scratch file')})")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    baseline = "baseline: bare read + COPY" if connection.vendor == "postgresql" else "baseline: bare openpyxl read"
    print_steps(
        n,
        [
            ("bare openpyxl read", read_s, read_mem),
            (baseline, base_s, base_mem),
            ("check all rows (preview, dry run)", check_s, check_mem),
            ("check + write, all new", write_s, write_mem),
            ("  then sealing its audit rows", write_seal, None),
            ("check + write, changed scores", change_s, change_mem),
            ("  then sealing its audit rows", change_seal, None),
            ("re-import, nothing changed", again_s, None),
        ],
        base_s=base_s,
        width=40,
    )
    print(f"queries to check {n} rows: {check_queries}")
    print(
        f"manage.py import_scores, every score changed, in a fresh process: {command_s:.2f} s from start to exit "
        f"(Django's start and the seal included), peak resident memory {command_rss / 2**20:.0f} MiB, of which "
        f"{resting_rss / 2**20:.0f} MiB is the process at rest (manage.py check) and "
        f"{(command_rss - resting_rss) / 2**20:.0f} MiB the import's own"
    )
    print("changed file:", ", ".join(f"{label} {count}" for label, count in plan_changed.summary()))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if n <= 10_000:
        verdict = "met" if write_s < 10 else "NOT met"
        print(f"target (issue 4): {n} rows validated and written in under 10 s — {verdict} ({write_s:.2f} s)")
    else:
        worst = max(write_s, change_s)
        own = (command_rss - resting_rss) / 2**20
        met = worst < 15 and worst <= 3 * base_s and own < 250
        print(
            f"target (issue 20): under 15 s, ≤ 3× baseline, the import's memory < 250 MB — {'met' if met else 'NOT met'}"
            f" (slowest {worst:.2f} s = {worst / base_s:.1f}×, the import's own {own:.0f} MiB, its process's "
            f"{command_rss / 2**20:.0f} MiB in all)"
        )


if __name__ == "__main__":
    main()
