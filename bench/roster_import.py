"""Roster import speed: rows/second for checking (preview) and applying, against bare openpyxl reading."""

import argparse
import io
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    scratch = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["CADRE_VAR_DIR"] = scratch
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre_eval.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("flush", "--noinput", verbosity=0) if os.environ.get("BENCH_DATABASE_URL") else None
    call_command("migrate", verbosity=0)


def build_xlsx(rows: int) -> bytes:
    import openpyxl

    from org.roster import COLUMNS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(list(COLUMNS))
    kinds = ["中层负责人", "副职", "一般干部"]
    for i in range(rows):
        unit = f"科室{i % 200:03d}"
        post, kind = (f"岗位{i % 3}", kinds[i % 3]) if i % 4 else ("", "")
        ws.append(
            [
                f"B{i:06d}",
                f"干部{i}",
                "男" if i % 2 else "女",
                f"19{70 + i % 25}-0{1 + i % 9}-1{i % 9}",
                unit,
                post,
                kind,
                "2024-03-01" if post else "",
                "一级主任科员",
                f"考核组{i % 20}",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rss() -> int:
    """The process's resident memory now, in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def timed(fn):
    """Wall time, and how far the process's resident memory rose above where it stood when the step began (sampled
    every 5 ms by a thread; tracemalloc would slow the step several times over and distort the ratio). The process's
    lifetime peak (ru_maxrss) would read 0 for every step that stays below an earlier one."""
    import gc

    gc.collect()
    start_rss = _rss()
    peak = [start_rss]
    done = threading.Event()

    def sample():
        while not done.wait(0.005):
            peak[0] = max(peak[0], _rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        result = fn()
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
    peak[0] = max(peak[0], _rss())
    return result, elapsed, peak[0] - start_rss


def bare_read(content: bytes) -> int:
    """The baseline: the same xlsx read with bare openpyxl (read-only mode)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return sum(1 for _ in wb.active.iter_rows(values_only=True))


def print_steps(rows: int, steps: list, *, base_s: float, width: int = 34) -> None:
    """One line a step (label, seconds, peak memory growth or None), with rows/second and the ratio to base_s."""
    print(f"{'step':<{width}}{'seconds':>9}{'rows/s':>10}{'× baseline':>12}{'+peak MiB':>10}")
    for label, seconds, mem in steps:
        mib = f"{mem / 2**20:10.1f}" if mem is not None else f"{'—':>10}"
        print(f"{label:<{width}}{seconds:9.2f}{rows / seconds:10.0f}{seconds / base_s:12.1f}{mib}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()

    from django.db.models import F  # noqa: F401  (Django is set up from here on)

    from org.models import Cadre
    from org.roster import WHOLE_ORGANIZATION, roster_import
    from org.services import organization_create, unit_create

    org = organization_create(code="bench", name="基准测试局")
    unit_create(organization=org, name="基准测试局机关")
    content = build_xlsx(args.rows)

    _, base_s, base_mem = timed(lambda: bare_read(content))

    def preview():
        return roster_import(
            organization=org,
            year=2026,
            content=content,
            file_name="bench.xlsx",
            scope=WHOLE_ORGANIZATION,
            dry_run=True,
        )

    plan, check_s, check_mem = timed(preview)

    def apply():
        return roster_import(
            organization=org, year=2026, content=content, file_name="bench.xlsx", scope=WHOLE_ORGANIZATION
        )

    _, apply_s, apply_mem = timed(apply)
    assert Cadre.objects.filter(organization=org).count() == args.rows

    def again():
        return roster_import(
            organization=org, year=2026, content=content, file_name="bench.xlsx", scope=WHOLE_ORGANIZATION
        )

    plan_again, again_s, _ = timed(again)
    assert not plan_again.has_changes

    n = args.rows
    print(f"rows: {n}   database: {os.environ.get('DATABASE_URL', 'sqlite (scratch)')}")
    print_steps(
        n,
        [
            ("baseline: bare openpyxl read", base_s, base_mem),
            ("check all rows (preview)", check_s, check_mem),
            ("apply (first import)", apply_s, apply_mem),
            ("re-import, nothing changed", again_s, None),
        ],
        base_s=base_s,
    )
    print("plan:", ", ".join(f"{label} {count}" for label, count in plan.summary()))


if __name__ == "__main__":
    main()
