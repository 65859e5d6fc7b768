"""Publication day under load: the pages every cadre and HR user opens that day, served by gunicorn (production
settings, 3 sync workers) on the loopback, against a bare Django view answering the same bytes, measured in the same
run.

Data (bench/web_data.py): one organization of N cadres (default 10,000) in groups of 100, its year computed and
published; the cadre's own results page, the HR group page (an HR user scoped to half of the units, a group of 100),
the API ranking list (the same HR user, a page of 100) and the notices inbox (200 notices). Sessions are made
directly as rows (no password hashing, no login request).

For each page, then its bare view (bench/web_urls.py: the same bytes through the same middleware and session), a
bounded load generator (C client threads, a new connection per request, as gunicorn's sync workers close each one)
requests it for S seconds, and prints requests/s, p50/p95/p99 and the ratio to the bare view, with the load average
of the machine at the time.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench_web), a scratch
database that this script creates if missing, migrates and empties. The cache is the production one: Redis at
REDIS_CACHE_URL (else CELERY_BROKER_URL, default redis://127.0.0.1:6379/0, which the script flushes first).

    .venv/bin/python bench/web.py [--cadres 10000] [--seconds 10] [--clients 16] [--port 8199]
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load_generator(port: int, url: str, cookie: str, *, seconds: float, clients: int) -> tuple[list[float], int]:
    """Latencies of the requests answered 200 within `seconds`, and the number of other answers."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def client():
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                conn.close()
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cadres", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="load per page and per bare view")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--page", action="append", help="only these pages (my_results, group, api_ranking, inbox)")
    args = parser.parse_args()

    from web_profile import DEFAULT_DATABASE, setup_django

    os.environ["SECRET_KEY"] = "bench-" + "x" * 50  # the sessions made here are read by gunicorn's workers
    setup_django()
    from django.conf import settings
    from django.test import Client
    from web_data import build

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis = os.environ.get("REDIS_CACHE_URL") or os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
    data = build(cadres=args.cadres)
    pages = {k: v for k, v in data["pages"].items() if not args.page or k in args.page}
    folder = Path(tempfile.mkdtemp(prefix="cadre-bench-web-"))
    for name, (who, url) in pages.items():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = data["sessions"][who]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        Path(folder, f"{name}.body").write_bytes(response.content)
        Path(folder, f"{name}.json").write_text(json.dumps({"content_type": response["Content-Type"]}))

    import redis as redis_client

    redis_client.Redis.from_url(redis).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "web_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": redis,
        "REDIS_CACHE_URL": redis,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "TWO_FACTOR_REQUIRED": "false",
        "BENCH_WEB_BYTES": str(folder),
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cadre_eval.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--preload",  # the application is imported once, before the workers fork
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(600):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer")
        print(
            f"{args.cadres:,} cadres, gunicorn {args.workers} sync workers, {args.clients} clients, "
            f"{args.seconds:g} s per line"
        )
        print(f"{'page':<13} {'side':<5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  load")
        for name, (who, url) in pages.items():
            cookie = f"{settings.SESSION_COOKIE_NAME}={data['sessions'][who]}"
            figures = {}
            for side, target in (("page", url), ("bare", f"/bench/bare/{name}/")):
                load_generator(args.port, target, cookie, seconds=1.0, clients=args.workers)  # warm every worker
                latencies, errors = load_generator(
                    args.port, target, cookie, seconds=args.seconds, clients=args.clients
                )
                if not latencies:
                    sys.exit(f"{name} ({side}): no request answered 200")
                rate = len(latencies) / args.seconds
                figures[side] = rate
                load = os.getloadavg()[0]
                print(
                    f"{name:<13} {side:<5} {rate:7.1f} {statistics.median(latencies) * 1000:7.0f} "
                    f"{percentile(latencies, 95) * 1000:7.0f} {percentile(latencies, 99) * 1000:7.0f} {errors:6d}  "
                    f"{load:.2f}"
                )
            print(f"{name:<13} page/bare throughput {figures['page'] / figures['bare']:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
