"""A real Celery worker killed in the middle of a computation: its job's lease stops being renewed, the reaper marks
the job and its run failed within the lease, HR computes again on another worker and the new version is current; the dead run's
task delivered again changes nothing and never makes it current.

The run is held mid-computation without any test hook in the code: the test locks the results table against writes
(SHARE mode), so the worker's statement waits on the lock inside its transaction while its lease thread keeps
renewing the job's lease; then the worker is sent SIGKILL.

Needs PostgreSQL and a broker (tests/worker_utils.py): skips without them on a developer's machine, fails in CI.
"""

import re
import time
import uuid

import pytest
from django.db import connection, transaction

from assessments.models import Result, ResultRun
from assessments.selectors.publication import current_run
from assessments.services.results import results_run_create
from assessments.tasks.results import results_run_task
from cadre_eval.celery import app
from common.jobs.services import jobs_reap_dead
from common.models import BackgroundJob
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
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

LEASE_SECONDS = 4  # the worker renews it every quarter: each second
WAIT_SECONDS = 120


def _wait(condition, *, what: str, worker, log_path):
    deadline = time.monotonic() + WAIT_SECONDS
    while not (value := condition()):
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{what} after {WAIT_SECONDS} s; worker log:\n{log_tail(log_path)}", pytrace=False)
        time.sleep(0.1)
    return value


def _waiting_on_the_lock() -> bool:
    """A worker's connection is inside the computation, waiting for the results table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the first reading holds for the whole transaction
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' "
            "AND query LIKE %s",
            ['DELETE FROM "assessments_result"%'],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_run_is_found_dead_within_its_lease_and_a_newer_run_becomes_current(
    transactional_db,
    scored,  # noqa: F811
    world,
    tmp_path,
    settings,
):
    require_broker()
    require_postgresql()
    settings.JOB_LEASE_SECONDS = LEASE_SECONDS  # the reaper's side, here
    queue = f"test-results-dead-{uuid.uuid4().hex[:12]}"
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    lease_env = {"JOB_LEASE_SECONDS": str(LEASE_SECONDS)}
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    purge(queue)
    workers = [start_worker(queue, logs[0], tmp_path / "var", **lease_env)]
    try:
        # Given version 1 of the year, recorded, and a worker carrying it out that is held mid-computation
        old = results_run_create(organization=world.org, year=2025, actor=world.users["hr"], enqueue=False)
        runs = ResultRun.objects.filter(pk=old.pk)
        jobs = BackgroundJob.objects.filter(pk=old.job_id)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Result._meta.db_table} IN SHARE MODE")
            results_run_task.apply_async(args=[old.job_id])
            claimed = _wait(
                lambda: (
                    jobs.filter(status=BackgroundJob.Status.RUNNING).values_list("lease_expires_at", flat=True).first()
                ),
                what="the worker did not claim the run",
                worker=workers[0],
                log_path=logs[0],
            )
            _wait(_waiting_on_the_lock, what="the worker is not computing", worker=workers[0], log_path=logs[0])
            # its lease is renewed while its statement waits
            _wait(
                lambda: jobs.get().lease_expires_at > claimed,
                what="the lease was not renewed",
                worker=workers[0],
                log_path=logs[0],
            )

            # When the worker is killed (no warm shutdown, nothing runs after)
            workers[0].kill()
            workers[0].wait()
            killed = time.monotonic()
        # (the lock goes with the transaction; the dead worker's connection is ended by the server)

        # Then the run is still running within its lease: the reaper leaves it alone
        assert jobs_reap_dead() == 0
        assert runs.get().status == ResultRun.Status.RUNNING

        # and once the lease has passed, the periodic job marks it failed, saying why, with no rows
        deadline = time.monotonic() + LEASE_SECONDS + 30
        while not jobs_reap_dead():
            assert time.monotonic() < deadline, "the dead run was not found"
            time.sleep(0.1)
        detected = time.monotonic() - killed
        old.refresh_from_db()
        assert old.status == ResultRun.Status.FAILED and "计算进程意外中断" in old.message
        assert (jobs.get().status, jobs.get().message) == (BackgroundJob.Status.FAILED, old.message)
        assert detected <= LEASE_SECONDS + 2, f"found dead {detected:.1f} s after the kill"
        assert not Result.objects.filter(run=old).exists()

        # When HR computes again, carried out by another worker
        workers.append(start_worker(queue, logs[1], tmp_path / "var", **lease_env))
        new = results_run_create(organization=world.org, year=2025, actor=world.users["hr"])  # enqueued at once
        _wait(
            lambda: ResultRun.objects.filter(pk=new.pk, status=ResultRun.Status.SUCCEEDED).exists(),
            what="the new version did not succeed",
            worker=workers[1],
            log_path=logs[1],
        )
        recovered = time.monotonic() - killed
        # Then the new version is current
        assert current_run(organization_id=world.org.pk, year=2025) == new

        # When the dead run's task is delivered again (as Redis does after the visibility timeout)
        again = results_run_task.apply_async(args=[old.job_id])
        done = re.compile(rf"Task assessments\.results_run\[{re.escape(again.id)}\] (succeeded|raised)")
        _wait(
            lambda: done.search(logs[1].read_text(errors="replace")),
            what="the redelivery was not carried out",
            worker=workers[1],
            log_path=logs[1],
        )
        # Then it does nothing: the old run stays failed without rows, and the new version stays current
        assert f"Task assessments.results_run[{again.id}] succeeded" in logs[1].read_text(errors="replace")
        assert runs.get().status == ResultRun.Status.FAILED
        assert not Result.objects.filter(run=old).exists()
        assert current_run(organization_id=world.org.pk, year=2025) == new
        print(  # noqa: T201  (the figures, with -s)
            f"\nlease {LEASE_SECONDS} s, heartbeat {LEASE_SECONDS / 4} s: found dead {detected:.2f} s after "
            f"SIGKILL; new version current {recovered:.2f} s after SIGKILL (including a worker's start)"
        )
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_default_queue = default_queue
        for worker in workers:
            stop_worker(worker)
        purge(queue)
        delete_queue(queue)
