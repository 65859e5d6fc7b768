"""Helpers for tests that start real processes (a Celery worker, a second scanner) against the pytest test database.

Those tests need PostgreSQL, which other processes can open (an in-memory SQLite test database lives inside pytest's
process), and some need a broker. Without them they skip on a developer's machine, and fail when
CADRE_REQUIRE_SERVICES is set, as .ci/run does, so CI can never pass by skipping them.
"""

import os
import secrets
import subprocess
import sys
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection

from cadre_eval.celery import app
from cadre_eval.env import env

SHUTDOWN_SECONDS = 10


def unavailable(reason: str):
    if env.bool("CADRE_REQUIRE_SERVICES", False):
        pytest.fail(f"{reason}; CADRE_REQUIRE_SERVICES is set, so this test may not skip", pytrace=False)
    pytest.skip(reason)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        unavailable(
            "needs PostgreSQL: another process must share the test database, which SQLite keeps in memory "
            "(set DATABASE_URL, or run through .ci/run)"
        )


def require_broker() -> None:
    if not settings.CELERY_BROKER_URL:
        unavailable("needs CELERY_BROKER_URL (run through .ci/run)")
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # any transport error means the same thing here
        pytest.fail(f"the broker at CELERY_BROKER_URL does not answer: {exc}", pytrace=False)


def database_url_for_worker() -> str:
    """The URL of the database this test runs in (the test database pytest-django created, not the configured
    one), so the other process writes where the test reads."""
    db = connection.settings_dict
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    location = db["HOST"] + (f":{db['PORT']}" if db["PORT"] else "")
    # conn_max_age=0: the process keeps no connection open that would hold up the test database's teardown.
    query = urlencode({**db.get("OPTIONS", {}), "conn_max_age": 0})
    return f"postgres://{credentials}@{location}/{quote(db['NAME'], safe='')}?{query}"


def process_env(var_dir, **extra: str) -> dict:
    """The settings a developer runs (not eager once a broker is given, database from DATABASE_URL), pointed at
    the test database."""
    result = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadre_eval.settings.local",
        "DATABASE_URL": database_url_for_worker(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CADRE_VAR_DIR": str(var_dir),
        "DJANGO_DEBUG": "0",
        **extra,
    }
    result.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return result


def purge(queue: str) -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def delete_queue(queue: str) -> None:
    # Declared first so this channel knows the queue's binding, which delete then removes from the broker too.
    with app.connection_for_write() as conn:
        bound = app.amqp.queues[queue](conn.default_channel)
        bound.declare()
        bound.delete()


def start_worker(queue: str, log_path, var_dir, **extra_env: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "-A", "cadre_eval", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "-l", "info",
        # A lone worker on a private queue: nothing to gossip, sync or heartbeat with, and it starts faster.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    # The worker gets its own copy of the log's descriptor, so ours can close at once.
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=process_env(var_dir, **extra_env), stdout=log, stderr=subprocess.STDOUT
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # warm shutdown: finish the current task, then exit
        try:
            worker.wait(SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def log_tail(log_path, lines: int = 40) -> str:
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(the process wrote nothing)"


def create_due_notices(count: int, *, recipients: int = 10) -> list[int]:
    """`count` notices whose e-mails are due now, committed (the caller uses transactional_db), spread over a few
    recipients with an address each."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from notices.models import Notice

    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"notice-target-{i}", email=f"target{i}@example.org") for i in range(recipients)]
    )
    users = list(User.objects.filter(username__startswith="notice-target-").order_by("pk"))
    subject_type = ContentType.objects.get_for_model(User)
    Notice.objects.bulk_create(
        Notice(
            recipient=users[i % len(users)],
            kind="tests.bulk",
            subject_type=subject_type,
            subject_id=str(i),
            occurrence="due",
            due_date=datetime.date(2025, 10, 1),
            title=f"【今日截止】测试通知 {i}",
            body="请今天内办理。",
            url=f"/notices/{i}/",
        )
        for i in range(count)
    )
    return list(Notice.objects.filter(kind="tests.bulk").order_by("pk").values_list("pk", flat=True))


def message_id(notice_pk: int) -> str:
    return f"<notice-{notice_pk}@cadre-eval>"
