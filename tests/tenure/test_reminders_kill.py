"""Term reminders are told exactly once even when the worker sending them is killed half way (SIGKILL: no warm
shutdown), and a new worker finishes the job: every reminder due today becomes one notice per recipient (the
database's constraint), and every notice's e-mail goes out once. The harness is tests/notices/test_kill.py's: a mail
server that hangs after N messages so that the worker dies with an e-mail in flight. Needs Redis and PostgreSQL
(skips without them, fails when CADRE_REQUIRE_SERVICES is set)."""

import collections
import datetime
import os
import signal
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cadre_eval.celery import app
from common.workdays import add_months
from notices.models import Notice
from notices.tasks import scan_notices
from tenure.models import TermReminder
from tests.mail_backends import DELAY_ENV, FILE_ENV, HANG_AFTER_ENV, HANG_FILE_ENV, read_message_ids
from tests.notices.test_kill import LEASE_SECONDS, _forget_unacked, _wait_for
from tests.tenure.conftest import appoint, make_policy, person, principal_post
from tests.worker_utils import (
    delete_queue,
    message_id,
    purge,
    require_broker,
    require_postgresql,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.worker

PRINCIPALS = 80
KILL_AFTER = 40


def _principals_whose_term_ends_in_a_month(world) -> list[TermReminder]:
    """Principals of units under 综合科 (HR 甲's), each with an e-mail, whose one-month reminder is due today."""
    make_policy(world, start_rule="probation_start")
    get_user_model().objects.filter(pk=world.users["hr"].pk).update(email="hr@example.org")
    start = add_months(add_months(timezone.localdate(), 1), -60) + datetime.timedelta(days=1)
    for i in range(PRINCIPALS):
        cadre = person(world, f"主任{i}", user=True)
        get_user_model().objects.filter(pk=cadre.user_id).update(email=f"principal{i}@example.org")
        appoint(cadre, principal_post(world, parent=world.unit_a), start)
    due = list(TermReminder.objects.filter(fires_on__lte=timezone.localdate(), kind="term_end"))
    assert len(due) == PRINCIPALS
    return due


def test_a_worker_killed_while_telling_term_reminders_loses_and_doubles_none(transactional_db, world, tmp_path):
    require_broker()
    require_postgresql()
    # Given eighty principals whose terms end in a month, their reminders due today, committed
    due = _principals_whose_term_ends_in_a_month(world)
    queue = f"test-tenure-kill-{uuid.uuid4().hex[:12]}"
    mail_file, log_path, hang_file = tmp_path / "sent.txt", tmp_path / "worker.log", tmp_path / "hanging"
    worker_env = {
        "EMAIL_BACKEND": "tests.mail_backends.RecordingBackend",
        FILE_ENV: str(mail_file),
        DELAY_ENV: "15",
        "NOTICE_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    reminders = Notice.objects.filter(kind="tenure.term_reminder")
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
        # When the scan creates the notices and its worker is killed with an e-mail in flight
        scan_notices.apply_async(queue=queue)
        _wait_for(hang_file.exists, "an e-mail in flight", first, log_path)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert reminders.filter(email_sent_at__isnull=False).count() == KILL_AFTER
        # And a new worker runs the scans beat would enqueue
        second = start_worker(queue, log_path, tmp_path / "var", **worker_env)
        scan_notices.apply_async(queue=queue)
        settled = reminders.filter(email_status=Notice.EmailStatus.SENT)
        _wait_for(lambda: settled.count() == 2 * PRINCIPALS, "every reminder sent", second, log_path, rescan=queue)
    finally:
        app.conf.task_always_eager = eager
        for worker in (first, second):
            if worker is not None:
                stop_worker(worker)
        purge(queue)
        delete_queue(queue)
        _forget_unacked(queue)

    # Then each reminder was told once to its principal and once to HR, and each e-mail went out once
    told = collections.Counter(reminders.values_list("subject_id", flat=True))
    assert told == {str(r.pk): 2 for r in due}
    counts = collections.Counter(read_message_ids(mail_file))
    assert {mid: n for mid, n in counts.items() if n != 1} == {}
    assert set(counts) == {message_id(pk) for pk in reminders.values_list("pk", flat=True)}
