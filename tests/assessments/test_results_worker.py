"""The annual computation on a real Celery worker: HR's request records the run and hands it over after commit; the
worker, another process sharing only the database, claims it, computes and records the summary. Handing the same
task over again (a redelivery: the task acknowledges late) changes nothing.

Needs PostgreSQL and a broker (tests/worker_utils.py): skips without them on a developer's machine, fails in CI.
"""

import re
import time
import uuid

import pytest
from django.db import connection, transaction

from assessments.models import Result, ResultRun
from assessments.services.results import results_run_create, results_run_execute
from assessments.tasks.results import results_run_task
from cadre_eval.celery import app
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

WAIT_SECONDS = 60


def _wait(condition, *, what: str, worker, log_path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if "Received unregistered task" in log_tail(log_path):
            pytest.fail(f"the worker does not know the task:\n{log_tail(log_path)}", pytrace=False)
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{what} after {WAIT_SECONDS} s; worker log:\n{log_tail(log_path)}", pytrace=False)
        time.sleep(0.2)


def _state(run_id: int) -> tuple:
    """Everything a second execution could touch: the run's record and its rows, row ids included."""
    run = ResultRun.objects.get(pk=run_id)
    rows = sorted(
        Result.objects.filter(run_id=run_id).values_list(
            "pk", "cadre_id", "composite", "rank", "group_size", "grade", "in_bottom", "components"
        )
    )
    return (run.status, run.progress, run.started_at, run.finished_at, run.summary, run.message), rows


def test_a_worker_computes_a_run_enqueued_after_commit_and_a_second_delivery_changes_nothing(
    transactional_db,
    scored,  # noqa: F811
    world,
    tmp_path,
):
    require_broker()
    require_postgresql()

    # Given a worker listening on a queue of its own, which the run's task (sent with no queue named) is routed to,
    # and a test process that sends for real (not eagerly)
    queue = f"test-results-run-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    purge(queue)
    worker = start_worker(queue, log_path, tmp_path / "var")
    try:
        # When HR starts the year's computation inside a transaction that then commits
        with transaction.atomic():
            run = results_run_create(organization=world.org, year=2025, actor=world.users["hr"], reason="年终考核")
            # (the audit chain's seal waits for the commit too: common.audit_chain.seal_after_commit)
            handed_over = [f for _s, f, _r in connection.run_on_commit if not getattr(f, "audit_chain", None)]
            assert len(handed_over) == 1, "the run must be handed over only once it is committed"
            assert run.status == ResultRun.Status.QUEUED

        # Then the worker marks it succeeded, with the group's results and its summary
        runs = ResultRun.objects.filter(pk=run.pk)
        _wait(
            lambda: runs.exclude(status__in=[ResultRun.Status.QUEUED, ResultRun.Status.RUNNING]).exists(),
            what="the run has not finished",
            worker=worker,
            log_path=log_path,
        )
        run.refresh_from_db()
        assert run.status == ResultRun.Status.SUCCEEDED, run.message
        assert run.progress == 100 and run.started_at is not None and run.finished_at is not None
        rows = {r.cadre.name: r for r in Result.objects.filter(run=run).select_related("cadre")}
        assert set(rows) == {"张三", "李四"}
        assert (rows["李四"].composite, rows["李四"].rank) == (90, 1)
        assert (rows["张三"].composite, rows["张三"].rank) == (80, 2)
        assert rows["张三"].group_size == rows["李四"].group_size == 2
        [summary] = run.summary
        assert summary["group"] == "科长组" and summary["members"] == 2 and summary["ranked"] == 2

        # When the task is delivered again (acks_late: a worker lost mid-task gets it redelivered)
        before = _state(run.pk)
        again = results_run_task.apply_async(args=[run.job_id], queue=queue)
        done = re.compile(rf"Task assessments\.results_run\[{re.escape(again.id)}\] (succeeded|raised)")
        _wait(
            lambda: done.search(log_path.read_text(errors="replace")),
            what="the second delivery was not carried out",
            worker=worker,
            log_path=log_path,
        )

        # Then it does nothing: the same run record, the same rows (not rewritten)
        assert f"Task assessments.results_run[{again.id}] succeeded" in log_path.read_text(errors="replace")
        assert _state(run.pk) == before
        # And carried out here, in-process, it does nothing either
        assert results_run_execute(run_id=run.pk) is None
        assert _state(run.pk) == before
        assert ResultRun.objects.count() == 1
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_default_queue = default_queue
        stop_worker(worker)
        purge(queue)
        delete_queue(queue)
