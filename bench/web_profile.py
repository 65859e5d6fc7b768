"""Where the time of the publication-day pages goes: each page requested in-process (django.test.Client) against
PostgreSQL with bench/web_data.py's organization, with its query count (and the statements repeated within one
request) and a pyinstrument profile of N requests.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench_web), a scratch
database that this script creates if missing, migrates and empties.

    .venv/bin/python bench/web_profile.py [--cadres 10000] [--requests 30] [--page group] [--html DIR]
"""

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench_web"


def setup_django():
    os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("BENCH_SETTINGS", "cadre_eval.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from notices_scan import _create_database_if_missing

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL must name a scratch PostgreSQL database")
    _create_database_if_missing(connection.settings_dict)
    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    setup_test_environment()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cadres", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--page", action="append", help="only these pages (my_results, group, api_ranking, inbox)")
    parser.add_argument("--html", help="write each profile as HTML into this folder")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler
    from web_data import build

    data = build(cadres=args.cadres)
    for name, (who, url) in data["pages"].items():
        if args.page and name not in args.page:
            continue
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = data["sessions"][who]
        client.get(url)  # warm: imports, templates, the cache
        statements = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        repeated = [(n, sql[:110]) for sql, n in collections.Counter(statements).items() if n > 1]
        cpu = time.process_time()
        for _ in range(args.requests):
            client.get(url)
        cpu = (time.process_time() - cpu) / args.requests
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.requests):
            client.get(url)
        profiler.stop()
        seconds = profiler.last_session.duration / args.requests
        print(
            f"== {name} {url}: {len(statements)} queries, {cpu * 1000:.1f} ms CPU/request in this process "
            f"(unprofiled), {seconds * 1000:.1f} ms wall/request profiled, {len(response.content)} B, "
            f"load {os.getloadavg()[0]:.2f}"
        )
        for sql in statements:
            print(f"   {sql[:150]}")
        for n, sql in repeated:
            print(f"   repeated {n}x: {sql}")
        print(profiler.output_text(unicode=False, color=False, show_all=False, timeline=False)[:6000])
        if args.html:
            Path(args.html).mkdir(parents=True, exist_ok=True)
            Path(args.html, f"{name}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
