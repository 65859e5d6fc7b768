"""A real Celery worker against the real broker: the one test that proves enqueue-after-commit reaches a worker
and the worker's write reaches the database. Everything else runs tasks eagerly in-process.

It needs a broker (CELERY_BROKER_URL) and a database the worker process can open too (PostgreSQL; an in-memory
SQLite test database lives inside pytest's process). Without them it skips on a developer's machine, and fails
when CADRE_REQUIRE_SERVICES is set, as .ci/run does, so CI can never pass by skipping it.
"""

import time
import uuid

import pytest
from django.db import connection, transaction

from cadre_eval.celery import app
from common.models import AuditLog
from common.tasks import HEARTBEAT_ACTION, enqueue_heartbeat
from tests.worker_utils import (
    delete_queue,
    log_tail,
    purge,
    require_broker,
    require_postgresql,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.worker

WAIT_SECONDS = 30


def test_heartbeat_enqueued_after_commit_runs_once_on_a_real_worker(transactional_db, tmp_path):
    require_broker()
    require_postgresql()

    # Given a worker listening on a queue of its own, and a test process that sends for real (not eagerly)
    queue = f"test-heartbeat-{uuid.uuid4().hex[:12]}"
    note = f"ci {queue}"
    log_path = tmp_path / "worker.log"
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    purge(queue)
    worker = start_worker(queue, log_path, tmp_path / "var")
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
                pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"no heartbeat row after {WAIT_SECONDS} s; worker log:\n{log_tail(log_path)}", pytrace=False
                )
            time.sleep(0.2)
        assert rows.count() == 1
        entry = rows.get()
        assert entry.actor is None
        assert entry.subject_repr
    finally:
        app.conf.task_always_eager = eager
        stop_worker(worker)
        purge(queue)
        delete_queue(queue)
