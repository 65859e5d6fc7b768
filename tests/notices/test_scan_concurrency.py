"""Two scanners at once, in two processes with their own database connections, over a few hundred due e-mails:
the guarded claim gives each e-mail to one of them, so each goes out exactly once. Needs PostgreSQL (skips without
it, fails when CADRE_REQUIRE_SERVICES is set)."""

import collections
import subprocess
import sys
import time

import pytest
from django.conf import settings

from notices.models import Notice
from tests.mail_backends import DELAY_ENV, FILE_ENV, read_message_ids
from tests.worker_utils import create_due_notices, log_tail, message_id, process_env, require_postgresql

NOTICES = 300
WAIT_SECONDS = 60

# Each scanner says it is ready, waits for the same starting signal, then sends in small batches so the two keep
# competing for rows the whole time.
SCANNER = """
import os, pathlib, sys, time
import django
django.setup()
from notices.services import notices_send_pending
ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.005)
print("sent", notices_send_pending(batch_size=int(sys.argv[3])), flush=True)
"""


def test_two_scanners_at_once_send_each_email_exactly_once(transactional_db, tmp_path):
    require_postgresql()

    # Given a few hundred due e-mails, committed, and two scanner processes waiting for the same signal
    pks = create_due_notices(NOTICES)
    mail_file = tmp_path / "sent.txt"
    go = tmp_path / "go"
    env = process_env(
        tmp_path / "var",
        EMAIL_BACKEND="tests.mail_backends.RecordingBackend",
        **{FILE_ENV: str(mail_file), DELAY_ENV: "2"},
    )
    logs = [tmp_path / f"scanner-{n}.log" for n in (1, 2)]
    scanners = []
    for n, (log_path, batch) in enumerate(zip(logs, (7, 11), strict=True), start=1):
        with open(log_path, "wb") as log:
            scanners.append(
                subprocess.Popen(
                    [sys.executable, "-c", SCANNER, str(tmp_path / f"ready-{n}"), str(go), str(batch)],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not all((tmp_path / f"ready-{n}").exists() for n in (1, 2)):
            for scanner, log_path in zip(scanners, logs, strict=True):
                if scanner.poll() is not None:
                    pytest.fail(f"a scanner exited early:\n{log_tail(log_path)}", pytrace=False)
            assert time.monotonic() < deadline, "the scanners did not start"
            time.sleep(0.05)

        # When both start sending at the same moment
        go.touch()
        for scanner, log_path in zip(scanners, logs, strict=True):
            assert scanner.wait(WAIT_SECONDS) == 0, log_tail(log_path)
    finally:
        for scanner in scanners:
            if scanner.poll() is None:
                scanner.kill()
                scanner.wait()

    # Then every e-mail went out exactly once, and both scanners did part of the work
    counts = collections.Counter(read_message_ids(mail_file))
    assert {mid: n for mid, n in counts.items() if n != 1} == {}
    assert set(counts) == {message_id(pk) for pk in pks}
    assert Notice.objects.filter(email_status=Notice.EmailStatus.SENT).count() == NOTICES
    shares = [int(log_path.read_text().split("sent", 1)[1]) for log_path in logs]
    assert sum(shares) == NOTICES
    assert all(shares), f"one scanner sent everything ({shares}): the two never ran together"
