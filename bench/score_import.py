"""Score import speed: rows/second for checking (preview) and for checking + writing, against bare openpyxl reading.

Builds an organization whose 2025 scheme (four-part template) has Q1 and H1 open, N/200 raters each assigned to
rate 100 cadres on 季度述职评议 and 半年工作点评, writes an xlsx of N score rows (one per rater × cadre × period),
and times the import on the configured database. Target (issue 4): 10,000 rows validated and written in under
10 seconds.
"""

import argparse
import datetime
import io
import os
import sys
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()

    from django.db import connection, reset_queries

    from assessments.imports import import_apply
    from assessments.models import Score
    from common.models import AuditLog
    from org.roster import WHOLE_ORGANIZATION

    n = args.rows
    org, raters, ratees = build_world(n)
    content = build_xlsx(n, raters, ratees)
    changed = build_xlsx(n, raters, ratees, shift=3)

    _, base_s, base_mem = timed(lambda: bare_read(content))

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
    plan, check_s, check_mem = timed(lambda: run(content, dry_run=True))
    check_queries = len(connection.queries)
    connection.force_debug_cursor = False
    assert plan.counts() == {"new": n, "changed": 0, "unchanged": 0}, plan.counts()

    _, write_s, write_mem = timed(lambda: run(content))
    assert Score.objects.filter(scheme=plan.scheme).count() == n
    assert AuditLog.objects.filter(action="assessments.score.import").count() == n

    plan_changed, change_s, _ = timed(lambda: run(changed))
    assert plan_changed.counts()["unchanged"] < n

    plan_again, again_s, _ = timed(lambda: run(changed))
    assert not plan_again.has_changes

    print(f"rows: {n}   database: {connection.vendor} ({os.environ.get('DATABASE_URL', 'scratch file')})")
    print_steps(
        n,
        [
            ("baseline: bare openpyxl read", base_s, base_mem),
            ("check all rows (preview, dry run)", check_s, check_mem),
            ("check + write, all new", write_s, write_mem),
            ("check + write, changed scores", change_s, None),
            ("re-import, nothing changed", again_s, None),
        ],
        base_s=base_s,
        width=40,
    )
    print(f"queries to check {n} rows: {check_queries}")
    print("changed file:", ", ".join(f"{label} {count}" for label, count in plan_changed.summary()))
    verdict = "met" if write_s < 10 else "NOT met"
    print(f"target: {n} rows validated and written in under 10 s — {verdict} ({write_s:.2f} s)")


if __name__ == "__main__":
    main()
