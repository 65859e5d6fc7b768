"""Escalation exactly once through a worker kill: a real Celery worker sweeps many overdue cases, each escalation
slowed down (STEPDOWN_ESCALATION_DELAY_MS, inside its transaction); the worker is killed outright (SIGKILL) half way;
a new worker's sweep finishes the rest. Every case ends escalated once, with one audit row and one notice per
recipient. Needs PostgreSQL and a broker (tests/worker_utils.py): skips without them, fails in CI.
"""

import collections
import datetime
import os
import signal
import time
import uuid

import pytest

from cadre_eval.celery import app
from common.models import AuditLog
from demotion.models import StepDownCase
from demotion.tasks.cases import stepdown_sweep
from notices.models import Notice
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

CASES = 30
KILL_AFTER = 8
WAIT_SECONDS = 90


def _overdue_cases(world) -> list[int]:
    """A published group of 30 all in the bottom set (ratio 100%), its cases' application period over in 2025."""
    from demotion.services.cases import stepdown_cases_open
    from tests.demotion.conftest import make_published_year

    composites = {f"干部{i:02d}": 50 + i for i in range(CASES)}
    published = make_published_year(
        world, composites=composites, bottom_ratio="1", published_on=datetime.date(2025, 1, 24)
    )
    stepdown_cases_open(publication_id=published.publication.pk)
    return list(StepDownCase.objects.filter(state="notified").values_list("pk", flat=True))


def _wait(condition, what, worker, log_path):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not reached after {WAIT_SECONDS} s:\n{log_tail(log_path)}", pytrace=False)
        time.sleep(0.05)


def test_a_sweep_killed_half_way_escalates_every_case_exactly_once(transactional_db, world, tmp_path):
    require_broker()
    require_postgresql()
    # Given 30 cases whose application period ended in February 2025
    pks = _overdue_cases(world)
    assert len(pks) == CASES

    queue = f"test-stepdown-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    escalated = StepDownCase.objects.filter(state="escalated")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    purge(queue)
    first = start_worker(queue, log_path, tmp_path / "var", STEPDOWN_ESCALATION_DELAY_MS="300")
    second = None
    try:
        # When a sweep is part way through and its worker is killed outright
        stepdown_sweep.apply_async(queue=queue)
        _wait(lambda: escalated.count() >= KILL_AFTER, "part of the cases escalated", first, log_path)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = escalated.count()
        assert KILL_AFTER <= killed_at < CASES

        # And the next sweep runs on a new worker
        second = start_worker(queue, log_path, tmp_path / "var")
        stepdown_sweep.apply_async(queue=queue)
        _wait(lambda: escalated.count() == CASES, "every case escalated", second, log_path)
    finally:
        app.conf.task_always_eager = eager
        for worker in (first, second):
            if worker is not None:
                stop_worker(worker)
        purge(queue)
        delete_queue(queue)

    # Then each case was escalated exactly once, with one audit row and one notice per recipient
    rows = collections.Counter(
        AuditLog.objects.filter(action="demotion.stepdown.escalate").values_list("subject_id", flat=True)
    )
    assert rows == {str(pk): 1 for pk in pks}
    told = collections.Counter(
        Notice.objects.filter(kind="demotion.stepdown", occurrence="escalated").values_list("subject_id", "recipient")
    )
    assert set(told.values()) == {1}
    # HR over the cadre's side of the tree and the committee, for each case
    per_case = collections.Counter(subject for subject, _ in told)
    assert per_case == {str(pk): 2 for pk in pks}
