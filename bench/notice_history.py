"""Notice e-mail sending as sent notices accumulate: one sender (notices_send_pending, in-process, locmem backend)
sending the same pending notices with no history, then with 10k, 100k and 1M notices already sent in the table.
Reports notices/s, the time of one claim (the SELECT that picks the next batch, median of 20) and its plan, and the
ratio of each figure to the same run with no history.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench), a scratch
database that this script empties (flush) and migrates. The history rows are written by one INSERT … SELECT
generate_series, so the 1M run takes a minute or two to set up.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.notices_scan import DropOutbox, create_notices, maxrss, setup_django  # noqa: E402


def add_history(count: int) -> None:
    """`count` notices already sent, with ids below the pending ones, as months of sending leave them."""
    from django.db import connection

    from notices.models import Notice

    if not count:
        return
    first = Notice.objects.order_by("id").values_list("id", flat=True).first()
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM django_content_type ORDER BY id LIMIT 1")
        content_type = cur.fetchone()[0]
        cur.execute("SELECT id FROM auth_user WHERE username LIKE 'bench-%%' ORDER BY id LIMIT 1")
        user = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO notices_notice (id, created_at, updated_at, recipient_id, kind, subject_type_id, subject_id, occurrence,
                due_date, title, body, url, calendar_warning, email_status, email_attempts, email_claim, email_error,
                email_sent_at)
            SELECT %s - g, now(), now(), %s, 'bench.history', %s, g::text, 'due', '2025-01-01', '已发送的通知', '', '', '',
                'sent', 1, '', '', now()
            FROM generate_series(1, %s) AS g
            """,
            [first, user, content_type, count],
        )
        cur.execute("VACUUM ANALYZE notices_notice")


def claim_time() -> tuple[float, str]:
    """The claim's SELECT, as notices.services._claim runs it: the median of 20 runs in ms, and its plan."""
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from notices.models import Notice

    query = (
        Notice.objects.filter(email_status=Notice.EmailStatus.PENDING)
        .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=timezone.now()))
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    sql, params = query.query.sql_with_params()
    times = []
    with connection.cursor() as cur:
        for _ in range(20):
            start = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            times.append((time.perf_counter() - start) * 1000)
        cur.execute("EXPLAIN " + sql, params)
        plan = " / ".join(row[0].strip() for row in cur.fetchall()[:3])
    return statistics.median(times), plan


def run(history: int, pending: int) -> tuple[float, float, str]:
    from notices.models import Notice
    from notices.services import notices_send_pending

    create_notices(pending)
    add_history(history)
    claim_ms, plan = claim_time()
    start = time.perf_counter()
    sent = notices_send_pending()
    elapsed = time.perf_counter() - start
    assert sent == pending, (sent, pending)
    assert Notice.objects.filter(email_status="sent").count() == pending + history
    return pending / elapsed, claim_ms, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pending", type=int, default=20_000, help="notices to send in each run")
    parser.add_argument(
        "--history", default="10000,100000,1000000", help="comma-separated numbers of sent notices to try"
    )
    args = parser.parse_args()
    setup_django()
    load = os.getloadavg()[0]
    with DropOutbox():
        run(0, 1_000)  # warm-up: connections, templates, the backend
        base_rate, base_claim, base_plan = run(0, args.pending)
        print(
            f"no history: {base_rate:,.0f} notices/s; claim {base_claim:.2f} ms ({base_plan}); load {load:.1f}",
            flush=True,
        )
        for history in (int(h) for h in args.history.split(",")):
            rate, claim_ms, plan = run(history, args.pending)
            load = os.getloadavg()[0]
            print(
                f"{history:>9,} sent before: {rate:,.0f} notices/s ({rate / base_rate:.2f}× no history); "
                f"claim {claim_ms:.2f} ms ({claim_ms / base_claim:.1f}×; {plan}); load {load:.1f}; "
                f"peak RSS {maxrss() / 1024 / 1024:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
