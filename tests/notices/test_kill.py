"""A worker killed half way through sending (SIGKILL: no warm shutdown, no cleanup) loses no e-mail and doubles none.

Its claimed rows stay in `sending` until the lease runs out; the next scan (beat's next run, enqueued here by hand,
since Redis re-delivers the killed task only after the visibility timeout) takes them back and sends them. Needs
Redis and PostgreSQL (skips without them, fails when CADRE_REQUIRE_SERVICES is set).
"""

import collections
import json
import os
import signal
import time
import uuid

import pytest

from cadre_eval.celery import app
from notices.models import Notice
from notices.tasks import scan_notices
from tests.mail_backends import DELAY_ENV, FILE_ENV, HANG_AFTER_ENV, HANG_FILE_ENV, read_message_ids
from tests.worker_utils import (
    create_due_notices,
    delete_queue,
    log_tail,
    message_id,
    purge,
    require_broker,
    require_postgresql,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.worker

NOTICES = 300
KILL_AFTER = 60  # e-mails delivered before the first worker's mail server hangs and the worker is killed
LEASE_SECONDS = 3
WAIT_SECONDS = 45
RESCAN_SECONDS = 2  # how often "beat" enqueues a scan while the test waits


def _forget_unacked(queue: str) -> None:
    """Drop the killed worker's unacknowledged delivery, which Redis would otherwise restore to the deleted queue an
    hour from now."""
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        for tag, payload in client.hgetall("unacked").items():
            try:
                routing_key = json.loads(payload)[2]
            except (ValueError, IndexError):
                continue
            if routing_key == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


def _wait_for(condition, what: str, worker, log_path, *, rescan: str | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    next_scan = time.monotonic() + RESCAN_SECONDS
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not reached after {WAIT_SECONDS} s; worker log:\n{log_tail(log_path)}", pytrace=False)
        if rescan and time.monotonic() > next_scan:
            scan_notices.apply_async(queue=rescan)
            next_scan = time.monotonic() + RESCAN_SECONDS
        time.sleep(0.01)


def test_a_worker_killed_mid_batch_loses_and_doubles_no_email(transactional_db, tmp_path):
    require_broker()
    require_postgresql()

    # Given a few hundred due e-mails, committed, and a worker whose mail server takes 15 ms a message
    pks = create_due_notices(NOTICES)
    queue = f"test-kill-{uuid.uuid4().hex[:12]}"
    mail_file = tmp_path / "sent.txt"
    log_path = tmp_path / "worker.log"
    worker_env = {
        "EMAIL_BACKEND": "tests.mail_backends.RecordingBackend",
        FILE_ENV: str(mail_file),
        DELAY_ENV: "15",
        "NOTICE_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    hang_file = tmp_path / "hanging"
    sent = Notice.objects.filter(email_sent_at__isnull=False)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    purge(queue)
    first = start_worker(
        queue,
        log_path,
        tmp_path / "var",
        **worker_env,
        **{HANG_AFTER_ENV: str(KILL_AFTER), HANG_FILE_ENV: str(hang_file)},
    )
    second = None
    try:
        # When the scan is part way through, an e-mail is in flight, and its worker is killed outright
        scan_notices.apply_async(queue=queue)
        _wait_for(hang_file.exists, "an e-mail in flight", first, log_path)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = sent.count()
        assert killed_at == KILL_AFTER
        in_flight = hang_file.read_text()
        assert Notice.objects.get(pk=int(in_flight.split("-")[1].split("@")[0])).email_status == "sending"

        # And a new worker runs the scans that beat would enqueue
        second = start_worker(queue, log_path, tmp_path / "var", **worker_env)
        scan_notices.apply_async(queue=queue)
        # (rows the killed worker had delivered are marked sent once its claim is settled, after the lease)
        settled = Notice.objects.filter(email_status=Notice.EmailStatus.SENT)
        _wait_for(lambda: settled.count() == NOTICES, "every e-mail sent and settled", second, log_path, rescan=queue)
    finally:
        app.conf.task_always_eager = eager
        for worker in (first, second):
            if worker is not None:
                stop_worker(worker)
        purge(queue)
        delete_queue(queue)
        _forget_unacked(queue)

    # Then each notice's e-mail went out exactly once, and every row says so
    counts = collections.Counter(read_message_ids(mail_file))
    doubled = {mid: n for mid, n in counts.items() if n != 1}
    assert doubled == {}, (
        f"sent more than once: {doubled} (killed after {killed_at} marked sent; an e-mail the mail server took in the "
        "instant before its row was marked goes out again, with the same Message-ID)"
    )
    assert set(counts) == {message_id(pk) for pk in pks}
    assert sent.count() == NOTICES
    assert not Notice.objects.exclude(email_status=Notice.EmailStatus.SENT).exists()
