"""E-mail backends for tests that count what was sent across processes (a real worker, two scanners at once).

`RecordingBackend` appends one line per message, "<Message-ID> <recipient>", to the file named by
CADRE_TEST_MAIL_FILE, in one append write that is flushed and fsynced before `send_messages` returns, the way a
mail server has the message once it answers 250. CADRE_TEST_MAIL_DELAY_MS sleeps before each message (the time a
real server takes), which widens the window in which two scanners or a kill could double a send.

CADRE_TEST_MAIL_HANG_AFTER=N makes the process's mail server stop answering after N messages: the next send touches
CADRE_TEST_MAIL_HANG_FILE and never returns, so a test can kill the worker while an e-mail is in flight, the case a
dying worker meets in practice, rather than at a random instant.

`FailingBackend` is the locmem backend that refuses every address in `FAILING_ADDRESSES`.
"""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FILE_ENV = "CADRE_TEST_MAIL_FILE"
DELAY_ENV = "CADRE_TEST_MAIL_DELAY_MS"
HANG_AFTER_ENV = "CADRE_TEST_MAIL_HANG_AFTER"
HANG_FILE_ENV = "CADRE_TEST_MAIL_HANG_FILE"
_delivered_in_this_process = 0


class RecordingBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = os.environ[FILE_ENV]
        self.delay = float(os.environ.get(DELAY_ENV, "0")) / 1000

    def send_messages(self, email_messages):
        global _delivered_in_this_process
        count = 0
        hang_after = os.environ.get(HANG_AFTER_ENV)
        for message in email_messages:
            if self.delay:
                time.sleep(self.delay)
            if hang_after is not None and _delivered_in_this_process >= int(hang_after):
                with open(os.environ[HANG_FILE_ENV], "w") as marker:
                    marker.write(message.extra_headers.get("Message-ID", ""))
                while True:
                    time.sleep(60)
            line = f"{message.extra_headers.get('Message-ID', '')} {','.join(message.to)}\n".encode()
            # O_APPEND makes each line one atomic append even with several processes writing.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            _delivered_in_this_process += 1
            count += 1
        return count


def read_message_ids(path) -> list[str]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.split(" ", 1)[0] for line in f if line.strip()]


FAILING_ADDRESSES: set[str] = set()


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            if FAILING_ADDRESSES.intersection(message.to):
                raise ConnectionRefusedError(f"550 mailbox unavailable: {', '.join(message.to)}")
        return super().send_messages(messages)
