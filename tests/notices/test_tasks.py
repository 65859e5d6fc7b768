import datetime

import time_machine
from django.core import mail

from notices.models import Notice
from notices.tasks import scan_notices


def test_the_scan_job_creates_the_due_notices_and_its_senders_send_them(world, letter_kind, settings):
    # given the test letter due 2023-04-01 for 张三 and 李四 (appointments of 2023-03-01 and 2022-01-10), and e-mail
    # addresses for everyone
    for user in world.users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    settings.NOTICE_SENDERS = 2

    # when beat runs the scan (eagerly here) on the due day
    with time_machine.travel(datetime.datetime(2023, 4, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        result = scan_notices.delay().get()

    # then both senders ran and every notice went out once
    assert result["senders"] == 2 and result["offered"] >= 1
    assert Notice.objects.exists()
    assert not Notice.objects.exclude(email_status=Notice.EmailStatus.SENT).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in Notice.objects.all())
