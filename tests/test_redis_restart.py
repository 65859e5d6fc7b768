"""Tasks queued in Redis survive a restart of Redis (数据备份恢复): tasks are queued with no worker running, Redis is
stopped and started again — once shut down in order, once killed outright — and then a worker runs every task
exactly once.

Redis keeps its data across a restart only with the append-only file (`appendonly yes`, README "Production"); the
test starts a Redis of its own that way, on a free port with its files in a temporary folder, so the shared Redis is
never restarted. It needs redis-server and PostgreSQL (the worker writes to the test database); without them it
skips on a developer's machine and fails when CADRE_REQUIRE_SERVICES is set, as .ci/run does.
"""

import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from kombu import Connection

from cadre_eval.celery import app
from common.models import AuditLog
from common.tasks import HEARTBEAT_ACTION, heartbeat
from tests.worker_utils import log_tail, require_postgresql, start_worker, stop_worker, unavailable

pytestmark = pytest.mark.worker

TASKS_BEFORE_SHUTDOWN = 40
TASKS_BEFORE_CRASH = 40
WAIT_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DurableRedis:
    """A redis-server of the test's own, configured as the README asks of the deployer: the append-only file on,
    written to disk every second (Redis's default `appendfsync everysec`)."""

    def __init__(self, directory, port: int):
        self.directory, self.port, self.process = directory, port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        command = [
            shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no",
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 15
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start:\n{log_tail(self.directory / 'redis.log')}", pytrace=False)
            time.sleep(0.1)
        # Loaded from the append-only file before it answers anything but errors.
        while client.info("persistence").get("loading"):
            time.sleep(0.1)

    def stop(self, how: signal.Signals) -> None:
        self.process.send_signal(how)
        self.process.wait(15)

    def length(self, queue: str) -> int:
        return redis.Redis(port=self.port).llen(queue)


def test_tasks_queued_in_redis_survive_its_restart_and_each_runs_once(transactional_db, tmp_path):
    require_postgresql()
    if not shutil.which("redis-server"):
        unavailable("needs redis-server (Debian: redis-server) to start a Redis of its own")

    # Given a Redis that keeps an append-only file, and tasks queued in it while no worker runs
    store = DurableRedis(tmp_path, _free_port())
    store.start()
    queue = f"test-restart-{uuid.uuid4().hex[:12]}"
    notes = [f"{queue} {i}" for i in range(TASKS_BEFORE_SHUTDOWN + TASKS_BEFORE_CRASH)]
    worker = None
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # sent for real, not run in this process
    try:

        def enqueue(batch: list[str]) -> None:
            with Connection(store.url) as conn:
                for note in batch:
                    heartbeat.apply_async(args=[note], queue=queue, connection=conn)

        enqueue(notes[:TASKS_BEFORE_SHUTDOWN])
        assert store.length(queue) == TASKS_BEFORE_SHUTDOWN

        # When Redis is shut down and started again
        store.stop(signal.SIGTERM)
        store.start()
        assert store.length(queue) == TASKS_BEFORE_SHUTDOWN

        # And, with more tasks queued, Redis is killed outright (a crash) more than a second after the last one
        enqueue(notes[TASKS_BEFORE_SHUTDOWN:])
        time.sleep(2)
        store.stop(signal.SIGKILL)
        store.start()
        assert store.length(queue) == len(notes)
        assert not AuditLog.objects.filter(action=HEARTBEAT_ACTION, after__note__startswith=queue).exists()

        # Then a worker started afterwards runs every task, each exactly once
        worker = start_worker(queue, tmp_path / "worker.log", tmp_path / "var", CELERY_BROKER_URL=store.url)
        rows = AuditLog.objects.filter(action=HEARTBEAT_ACTION, after__note__startswith=queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while rows.count() < len(notes):
            if worker.poll() is not None:
                pytest.fail(f"the worker exited:\n{log_tail(tmp_path / 'worker.log')}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{rows.count()} of {len(notes)} tasks ran in {WAIT_SECONDS} s:\n{log_tail(tmp_path / 'worker.log')}",
                    pytrace=False,
                )
            time.sleep(0.25)
        time.sleep(1)  # a duplicate delivery would show up now
        ran = sorted(rows.values_list("after__note", flat=True))
        assert ran == sorted(notes), "every task ran exactly once"
        assert store.length(queue) == 0
        assert redis.Redis(port=store.port).hlen("unacked") == 0
        print(f"\nredis restart drill: {len(notes)} tasks queued, Redis restarted twice, {len(ran)} ran, each once")
    finally:
        app.conf.task_always_eager = eager
        if worker is not None:
            stop_worker(worker)
        if store.process and store.process.poll() is None:
            store.stop(signal.SIGTERM)
