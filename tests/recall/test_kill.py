"""The recall deadlines exactly once through a worker kill (the notices kill harness): many cases near the end of their
retraining; a real worker's scan creates their reminders and sends them, its mail server hangs half way and the
worker is killed outright (SIGKILL); a new worker's scans finish. Every reminder exists once per case and recipient,
and each e-mail went out once. Needs PostgreSQL and a broker (tests/worker_utils.py): skips without them, fails in CI.
"""

import collections
import datetime
import os
import signal
import uuid

import pytest
from django.utils import timezone

from cadre_eval.celery import app
from notices.models import Notice
from notices.tasks import scan_notices
from recall.models import RecallCase
from recall.setup.deadlines import RETRAINING_END
from tests.factories import CadreFactory
from tests.mail_backends import DELAY_ENV, FILE_ENV, HANG_AFTER_ENV, HANG_FILE_ENV, read_message_ids
from tests.notices.test_kill import LEASE_SECONDS, _forget_unacked, _wait_for
from tests.recall.conftest import category
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

CASES = 60
KILL_AFTER = 40  # e-mails delivered before the first worker's mail server hangs


def _cases_ending_soon(w) -> list[int]:
    """60 cadres of 综合科一组 in retraining that ends in five days: the reminder 10 working days before is due."""
    today = timezone.localdate()
    w.users["hr"].email, w.users["hr_all"].email = "hr@example.org", "hr_all@example.org"
    w.users["hr"].save(update_fields=["email"])
    w.users["hr_all"].save(update_fields=["email"])
    cadres = [
        CadreFactory(organization=w.org, unit=w.unit_a1, name=f"回炉{i:02d}", employee_no=f"R{i:03d}")
        for i in range(CASES)
    ]
    RecallCase.objects.bulk_create(
        RecallCase(
            organization=w.org, batch=w.batch, cadre=cadre, category=category("unfit"), source="manual",
            basis_date=datetime.date(2025, 1, 1), basis="不胜任", policy=w.policy, home_unit=w.unit_a1,
            state="retraining", ordered_on=today - datetime.timedelta(days=100), placement="一线",
            retraining_start=today - datetime.timedelta(days=85), retraining_end=today + datetime.timedelta(days=5),
        )
        for cadre in cadres
    )  # fmt: skip
    return list(RecallCase.objects.values_list("pk", flat=True))


def test_a_worker_killed_mid_scan_leaves_every_recall_reminder_once(transactional_db, recall_world, tmp_path):
    require_broker()
    require_postgresql()
    w = recall_world
    # Given 60 cases whose retraining ends in five days, committed
    pks = _cases_ending_soon(w)
    queue = f"test-recall-{uuid.uuid4().hex[:12]}"
    mail_file, log_path, hang_file = tmp_path / "sent.txt", tmp_path / "worker.log", tmp_path / "hanging"
    worker_env = {
        "EMAIL_BACKEND": "tests.mail_backends.RecordingBackend",
        FILE_ENV: str(mail_file),
        DELAY_ENV: "15",
        "NOTICE_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    reminders = Notice.objects.filter(kind=RETRAINING_END)
    settled = reminders.filter(email_status=Notice.EmailStatus.SENT)
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
        # When the scan has created the reminders and is sending them, and its worker is killed outright
        scan_notices.apply_async(queue=queue)
        _wait_for(hang_file.exists, "an e-mail in flight", first, log_path)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert settled.count() < 2 * CASES

        # And a new worker runs the scans beat would enqueue
        second = start_worker(queue, log_path, tmp_path / "var", **worker_env)
        scan_notices.apply_async(queue=queue)
        _wait_for(lambda: settled.count() == 2 * CASES, "every reminder sent", second, log_path, rescan=queue)
    finally:
        app.conf.task_always_eager = eager
        for worker in (first, second):
            if worker is not None:
                stop_worker(worker)
        purge(queue)
        delete_queue(queue)
        _forget_unacked(queue)

    # Then each case has its reminder once for each HR user over the cadre, and each e-mail went out once
    per_case = collections.Counter(reminders.values_list("subject_id", "occurrence", "recipient__username"))
    assert set(per_case.values()) == {1}
    assert {(s, o) for s, o, _ in per_case} == {(str(pk), "before:10") for pk in pks}
    assert len(per_case) == 2 * CASES
    sent = collections.Counter(read_message_ids(mail_file))
    assert {mid: n for mid, n in sent.items() if n != 1} == {}
    assert set(sent) == {message_id(pk) for pk in reminders.values_list("pk", flat=True)}
