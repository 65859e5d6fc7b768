"""Notice e-mail sending speed: notices/second through notices_send_pending (claim, send, mark each) with the locmem
e-mail backend, against building and sending the same messages with no database; and memory at 10k vs the full run.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench), a scratch
database that this script empties (flush) and migrates.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench"


def setup_django():
    os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre_eval.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL must name a scratch PostgreSQL database")
    _create_database_if_missing(connection.settings_dict)
    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)


def _create_database_if_missing(db):
    import psycopg2
    from psycopg2 import sql

    try:
        psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"]).close()
    except psycopg2.OperationalError:
        conn = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"])
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        conn.close()


def maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def create_notices(count: int, *, recipients: int = 1000):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from notices.models import Notice

    User = get_user_model()
    Notice.objects.all().delete()
    if not User.objects.filter(username="bench-0").exists():
        User.objects.bulk_create(
            [User(username=f"bench-{i}", email=f"bench{i}@example.org") for i in range(recipients)], batch_size=1000
        )
    users = list(User.objects.filter(username__startswith="bench-").values_list("pk", flat=True))
    subject_type = ContentType.objects.get_for_model(User)
    rows = (
        Notice(
            recipient_id=users[i % len(users)],
            kind="bench.letter",
            subject_type=subject_type,
            subject_id=str(i),
            occurrence="due",
            due_date=datetime.date(2025, 10, 1),
            title=f"【今日截止】签署承诺书 {i}",
            body="测试承诺书今天(2025年10月1日)截止,请今天内办理。\n请登录系统签署。",
            url=f"/org/cadres/{i}/",
        )
        for i in range(count)
    )
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            Notice.objects.bulk_create(batch)
            batch = []
    Notice.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE notices_notice")


def bare_send(count: int) -> float:
    """The floor: the same messages built and handed to the locmem backend, no database."""
    from django.core import mail
    from django.core.mail import EmailMessage, get_connection

    mail.outbox = []
    start = time.perf_counter()
    with get_connection() as connection:
        for i in range(count):
            message = EmailMessage(
                subject=f"【今日截止】签署承诺书 {i}",
                body="测试承诺书今天(2025年10月1日)截止,请今天内办理。\n请登录系统签署。\n\nhttp://127.0.0.1:8000/org/",
                to=[f"bench{i % 1000}@example.org"],
                connection=connection,
                headers={"Message-ID": f"<notice-{i}@cadre-eval>"},
            )
            connection.send_messages([message])
    elapsed = time.perf_counter() - start
    assert len(mail.outbox) == count
    mail.outbox = []
    return elapsed


def send_all(count: int) -> tuple[float, int]:
    from django.core import mail

    from notices.models import Notice
    from notices.services import notices_send_pending

    mail.outbox = []
    before = maxrss()
    start = time.perf_counter()
    sent = notices_send_pending()
    elapsed = time.perf_counter() - start
    grown = maxrss() - before
    assert sent == count, (sent, count)
    assert Notice.objects.filter(email_status="sent").count() == count
    mail.outbox = []
    return elapsed, grown


_SENDER = """
import os, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from django.core import mail
from django.core.mail.backends import locmem
from notices.services import notices_send_pending

original = locmem.EmailBackend.send_messages


def send_messages(backend, messages):
    count = original(backend, messages)
    mail.outbox.clear()
    return count


locmem.EmailBackend.send_messages = send_messages
print(notices_send_pending(), flush=True)
"""


def send_in_processes(count: int, senders: int) -> tuple[float, list[int]]:
    """What the scan job does in production: NOTICE_SENDERS sender tasks on worker processes side by side.
    Timed from start to the last process's end, Python and Django start-up included."""
    import subprocess

    from notices.models import Notice

    code = _SENDER.format(root=str(ROOT))
    start = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ), stdout=subprocess.PIPE, text=True)
        for _ in range(senders)
    ]
    shares = [int(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    elapsed = time.perf_counter() - start
    assert sum(shares) == count, (shares, count)
    assert Notice.objects.filter(email_status="sent").count() == count
    return elapsed, shares


class DropOutbox:
    """locmem keeps every message in mail.outbox; a real server does not, so the sending run empties it as it goes,
    and the memory figure is the scanner's own."""

    def __init__(self):
        from django.core import mail

        self.mail = mail

    def __enter__(self):
        from django.core.mail.backends import locmem

        self.original = locmem.EmailBackend.send_messages

        def send_messages(backend, messages):
            count = self.original(backend, messages)
            self.mail.outbox.clear()
            return count

        locmem.EmailBackend.send_messages = send_messages

    def __exit__(self, *exc):
        from django.core.mail.backends import locmem

        locmem.EmailBackend.send_messages = self.original


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller run, for the memory comparison")
    parser.add_argument("--senders", type=int, default=2, help="sender processes side by side (NOTICE_SENDERS)")
    args = parser.parse_args()
    setup_django()

    def mb(n):
        return f"{n / 1024 / 1024:.1f} MB"

    with DropOutbox():
        results = {}
        for count in (args.small, args.notices):
            start = time.perf_counter()
            create_notices(count)
            created = time.perf_counter() - start
            elapsed, grown = send_all(count)
            results[count] = (elapsed, grown)
            print(
                f"{count:>7,} notices: created in {created:.1f} s; sent in {elapsed:.1f} s = "
                f"{count / elapsed:,.0f} notices/s; peak RSS grew {mb(grown)} (now {mb(maxrss())})"
            )
    create_notices(args.notices)
    parallel, shares = send_in_processes(args.notices, args.senders)
    print(
        f"{args.notices:>7,} notices, {args.senders} sender processes: sent in {parallel:.1f} s = "
        f"{args.notices / parallel:,.0f} notices/s (shares {shares})"
    )
    base = bare_send(args.notices)
    elapsed = results[args.notices][0]
    print(f"baseline: {args.notices:,} locmem sends, no database, in {base:.1f} s = {args.notices / base:,.0f}/s")
    print(
        f"ratio: one sender takes {elapsed / base:.1f}× the bare sends; {args.senders} senders {parallel / base:.1f}×"
    )
    print(
        f"memory: peak RSS growth {mb(results[args.small][1])} at {args.small:,}, {mb(results[args.notices][1])} at {args.notices:,}"
    )


if __name__ == "__main__":
    main()
