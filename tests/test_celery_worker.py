"""A real Celery worker against the real broker: the one test that proves enqueue-after-commit reaches a worker
and the worker's write reaches the database. Everything else runs tasks eagerly in-process.

It needs a broker (CELERY_BROKER_URL) and a database the worker process can open too (PostgreSQL; an in-memory
SQLite test database lives inside pytest's process). Without them it skips on a developer's machine, and fails
when CADRE_REQUIRE_SERVICES is set, as .ci/run does, so CI can never pass by skipping it.
"""

import os
import secrets
import subprocess
import sys
import time
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction

from cadre_eval.celery import app
from cadre_eval.env import env
from common.models import AuditLog
from common.tasks import HEARTBEAT_ACTION, enqueue_heartbeat

pytestmark = pytest.mark.worker

WAIT_SECONDS = 30
SHUTDOWN_SECONDS = 10


def _unavailable(reason: str):
    if env.bool("CADRE_REQUIRE_SERVICES", False):
        pytest.fail(f"{reason}; CADRE_REQUIRE_SERVICES is set, so this test may not skip", pytrace=False)
    pytest.skip(reason)


def _database_url_for_worker() -> str:
    """The URL of the database this test runs in (the test database pytest-django created, not the configured
    one), so the worker writes where the test reads."""
    db = connection.settings_dict
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    location = db["HOST"] + (f":{db['PORT']}" if db["PORT"] else "")
    # conn_max_age=0: the worker keeps no connection open that would hold up the test database's teardown.
    query = urlencode({**db.get("OPTIONS", {}), "conn_max_age": 0})
    return f"postgres://{credentials}@{location}/{quote(db['NAME'], safe='')}?{query}"


def _purge(queue: str) -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def _delete_queue(queue: str) -> None:
    # Declared first so this channel knows the queue's binding, which delete then removes from the broker too.
    with app.connection_for_write() as conn:
        bound = app.amqp.queues[queue](conn.default_channel)
        bound.declare()
        bound.delete()


def _start_worker(queue: str, log_path, var_dir) -> subprocess.Popen:
    worker_env = {
        **os.environ,
        # The settings a developer runs: not eager once a broker is given, database from DATABASE_URL.
        "DJANGO_SETTINGS_MODULE": "cadre_eval.settings.local",
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CADRE_VAR_DIR": str(var_dir),
        "DJANGO_DEBUG": "0",
    }
    worker_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [
        sys.executable, "-m", "celery", "-A", "cadre_eval", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "-l", "info",
        # A lone worker on a private queue: nothing to gossip, sync or heartbeat with, and it starts faster.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    # The worker gets its own copy of the log's descriptor, so ours can close at once.
    with open(log_path, "wb") as log:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=worker_env, stdout=log, stderr=subprocess.STDOUT)


def _stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # warm shutdown: finish the current task, then exit
        try:
            worker.wait(SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _log_tail(log_path, lines: int = 40) -> str:
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(the worker wrote nothing)"


def test_heartbeat_enqueued_after_commit_runs_once_on_a_real_worker(transactional_db, tmp_path):
    if not settings.CELERY_BROKER_URL:
        _unavailable("needs CELERY_BROKER_URL (run through .ci/run)")
    if connection.vendor != "postgresql":
        _unavailable(
            "needs PostgreSQL: the worker process must share the test database, which SQLite keeps in memory "
            "(set DATABASE_URL, or run through .ci/run)"
        )
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # any transport error means the same thing here
        pytest.fail(f"the broker at CELERY_BROKER_URL does not answer: {exc}", pytrace=False)

    # Given a worker listening on a queue of its own, and a test process that sends for real (not eagerly)
    queue = f"test-heartbeat-{uuid.uuid4().hex[:12]}"
    note = f"ci {queue}"
    log_path = tmp_path / "worker.log"
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    _purge(queue)
    worker = _start_worker(queue, log_path, tmp_path / "var")
    try:
        # When a heartbeat is enqueued inside a transaction that then commits
        with transaction.atomic():
            enqueue_heartbeat(note, queue=queue)
            assert len(connection.run_on_commit) == 1, "the heartbeat must wait for the commit"

        # Then the worker writes exactly one audit row for it
        rows = AuditLog.objects.filter(action=HEARTBEAT_ACTION, after__note=note)
        deadline = time.monotonic() + WAIT_SECONDS
        while not rows.exists():
            if worker.poll() is not None:
                pytest.fail(f"the worker exited with {worker.returncode}:\n{_log_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"no heartbeat row after {WAIT_SECONDS} s; worker log:\n{_log_tail(log_path)}", pytrace=False
                )
            time.sleep(0.2)
        assert rows.count() == 1
        entry = rows.get()
        assert entry.actor is None
        assert entry.subject_repr
    finally:
        app.conf.task_always_eager = eager
        _stop_worker(worker)
        _purge(queue)
        _delete_queue(queue)
