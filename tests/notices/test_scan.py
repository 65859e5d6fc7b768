"""The periodic scan: which notices a deadline produces on which working day, and that each e-mail goes out once.

The test deadline (tests/notices/conftest.py) is due one month after an appointment starts. An appointment that
starts on 2025-09-01 is due on 2025-10-01, the first day of the National Day holiday (10-01..10-08; Sunday 09-28 and
Saturday 10-11 were adjusted working days), so every reminder lands across the holiday.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from notices import registry
from notices.models import Notice
from notices.services import notices_generate, notices_release_stale_claims, notices_scan, notices_send_pending
from org.models import Appointment
from org.services import appointment_start
from tests import mail_backends
from tests.factories import PostFactory
from tests.notices.conftest import make_kind

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.date(2025, 9, 1)
DUE = datetime.date(2025, 10, 1)
Status = Notice.EmailStatus


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


@pytest.fixture
def kind():
    # Only this test's appointment: the world's older ones would be overdue from the first scan.
    kind = registry.register(
        make_kind(
            queryset=lambda: Appointment.objects.filter(end_date__isnull=True, start_date__gte=START).select_related(
                "cadre__user", "post"
            )
        )
    )
    yield kind
    registry.unregister(kind.code)


@pytest.fixture
def people(world):
    for name in ["cadre", "hr", "hr_other"]:
        user = world.users[name]
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return world.users


@pytest.fixture
def appointment(world, people, kind):
    post = PostFactory(unit=world.unit_a1, name="副组长")
    return appointment_start(cadre=world.cadre, post=post, start_date=START)


def scan(day: datetime.date, hour: int = 9) -> dict:
    with at(day, hour):
        return notices_scan()


def occurrences() -> set[tuple[str, str]]:
    return set(Notice.objects.values_list("recipient__username", "occurrence"))


def sent_ids() -> list[str]:
    return [message.extra_headers["Message-ID"] for message in mail.outbox]


def test_the_official_calendar_places_each_reminder_across_national_day(db, kind):
    # Three working days before 10-01 counts back 09-30, 09-29 and Sunday 09-28 (an adjusted working day);
    # one working day after skips the holiday to 10-09, two to 10-10.
    assert kind.schedule(DUE) == [
        ("before:3", datetime.date(2025, 9, 28), False),
        ("due", DUE, False),
        ("after:1", datetime.date(2025, 10, 9), False),
        ("escalation", datetime.date(2025, 10, 10), True),
    ]


def test_scanning_day_by_day_across_the_holiday_sends_each_notice_once(appointment):
    # Given the appointment's deadline and the notices each day should have produced by then
    expected = {
        datetime.date(2025, 9, 28): {("cadre", "before:3")},
        datetime.date(2025, 10, 1): {("cadre", "due")},
        datetime.date(2025, 10, 9): {("cadre", "after:1")},
        datetime.date(2025, 10, 10): {("hr", "escalation"), ("hr_other", "escalation")},
    }
    so_far: set = set()
    # When the scan runs twice every day from a week before until the adjusted Saturday after the holiday
    for day in days(datetime.date(2025, 9, 22), datetime.date(2025, 10, 13)):
        before = len(mail.outbox)
        scan(day, 9)
        scan(day, 15)
        # Then each notice appears on its working day, and only its e-mail goes out, once
        so_far |= expected.get(day, set())
        assert occurrences() == so_far, day
        assert len(mail.outbox) - before == len(expected.get(day, ())), day

    assert Notice.objects.count() == 5
    assert set(Notice.objects.values_list("email_status", flat=True)) == {Status.SENT}
    assert sorted(sent_ids()) == sorted(
        f"<notice-{pk}@cadre-eval>" for pk in Notice.objects.values_list("pk", flat=True)
    )
    by_address = sorted(message.to[0] for message in mail.outbox)
    assert by_address == ["cadre@example.org"] * 3 + ["hr@example.org", "hr_other@example.org"]


def test_a_second_scan_on_the_same_day_changes_nothing(appointment):
    scan(datetime.date(2025, 10, 1))
    rows = list(Notice.objects.order_by("pk").values())
    outbox = len(mail.outbox)

    result = scan(datetime.date(2025, 10, 1))

    assert list(Notice.objects.order_by("pk").values()) == rows
    assert len(mail.outbox) == outbox == 1
    assert result["sent"] == 0


def test_a_late_scan_creates_only_the_latest_reminder(appointment):
    # Given no scan ran before the day after the holiday (the server was down over National Day)
    scan(datetime.date(2025, 10, 9))

    # Then the cadre is told it is overdue, not also "3 days before" and "due today"
    assert occurrences() == {("cadre", "after:1")}
    assert [message.subject[:5] for message in mail.outbox] == ["【已逾期】"]


def test_escalation_goes_to_hr_after_its_day_once(appointment):
    scan(datetime.date(2025, 10, 9))
    assert not Notice.objects.filter(occurrence=registry.ESCALATION).exists()

    for day in days(datetime.date(2025, 10, 10), datetime.date(2025, 10, 20)):
        scan(day)

    escalations = Notice.objects.filter(occurrence=registry.ESCALATION)
    assert sorted(escalations.values_list("recipient__username", flat=True)) == ["hr", "hr_other"]
    assert sorted(m.to[0] for m in mail.outbox if m.subject.startswith("【逾期督办】")) == [
        "hr@example.org",
        "hr_other@example.org",
    ]


def test_a_recipient_without_email_gets_the_in_app_notice_only(appointment, people):
    people["cadre"].email = ""
    people["cadre"].save(update_fields=["email"])

    scan(datetime.date(2025, 10, 1))
    scan(datetime.date(2025, 10, 1), 15)

    notice = Notice.objects.get()
    assert notice.email_status == Status.SKIPPED
    assert notice.email_attempts == 0
    assert mail.outbox == []


def test_each_email_carries_its_notice_message_id(appointment):
    for day in [datetime.date(2025, 9, 28), datetime.date(2025, 10, 1), datetime.date(2025, 10, 10)]:
        scan(day)

    notices = {f"<notice-{pk}@cadre-eval>" for pk in Notice.objects.values_list("pk", flat=True)}
    headers = [message.message()["Message-ID"] for message in mail.outbox]
    assert len(headers) == len(notices) == 5  # before:3, due, after:1 (the latest on 10-10) and two escalations
    assert set(headers) == notices


@override_settings(
    EMAIL_BACKEND="tests.mail_backends.FailingBackend", NOTICE_EMAIL_MAX_ATTEMPTS=3, NOTICE_EMAIL_BACKOFF_SECONDS=60
)
def test_a_failing_address_backs_off_without_blocking_others_then_fails(appointment, monkeypatch):
    # Given a mail server that refuses HR's address
    monkeypatch.setattr(mail_backends, "FAILING_ADDRESSES", {"hr@example.org"})
    day = datetime.date(2025, 10, 10)

    # When the escalation day's scan runs
    scan(day, 9)

    # Then hr_other is sent, and HR's e-mail waits a minute before it is tried again
    bad = Notice.objects.get(recipient__username="hr")
    assert Notice.objects.get(recipient__username="hr_other").email_status == Status.SENT
    assert (bad.email_status, bad.email_attempts) == (Status.PENDING, 1)
    assert bad.email_next_attempt_at == datetime.datetime(2025, 10, 10, 9, 1, tzinfo=SHANGHAI)
    assert "550" in bad.email_error
    assert "hr@example.org" not in [m.to[0] for m in mail.outbox]
    assert [m.to[0] for m in mail.outbox].count("hr_other@example.org") == 1

    # A scan within the backoff does not try it again
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, 0, 59, tzinfo=SHANGHAI), tick=False):
        notices_scan()
    bad.refresh_from_db()
    assert bad.email_attempts == 1

    # Past the backoff it is tried again, and the next wait doubles
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, 1, 1, tzinfo=SHANGHAI), tick=False):
        notices_scan()
    bad.refresh_from_db()
    assert (bad.email_status, bad.email_attempts) == (Status.PENDING, 2)
    assert bad.email_next_attempt_at == datetime.datetime(2025, 10, 10, 9, 3, 1, tzinfo=SHANGHAI)

    # The third failure is the last: the e-mail is given up, the in-app notice stays
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, 4, tzinfo=SHANGHAI), tick=False):
        notices_scan()
        notices_scan()
    bad.refresh_from_db()
    assert (bad.email_status, bad.email_attempts) == (Status.FAILED, 3)
    assert Notice.objects.filter(recipient__username="hr").count() == 1
    assert Notice.objects.count() == 3  # the cadre's after:1 and the two escalations
    assert [m.to[0] for m in mail.outbox].count("hr_other@example.org") == 1


@override_settings(NOTICE_CLAIM_LEASE_SECONDS=600)
def test_a_dead_workers_claim_is_released_after_the_lease_only(appointment):
    # Given a notice claimed by a worker that then died
    with at(DUE):
        notices_scan(today=datetime.date(2025, 9, 28))  # creates and sends before:3
    with at(DUE, 8):
        notices_generate()
    notice = Notice.objects.get(occurrence="due")
    Notice.objects.filter(pk=notice.pk).update(
        email_status=Status.SENDING,
        email_claim="dead-worker",
        email_claimed_at=datetime.datetime(2025, 10, 1, 8, tzinfo=SHANGHAI),
    )
    outbox = len(mail.outbox)

    # When a scan runs within the lease, it leaves the row alone
    with time_machine.travel(datetime.datetime(2025, 10, 1, 8, 9, 59, tzinfo=SHANGHAI), tick=False):
        assert notices_release_stale_claims() == 0
        notices_send_pending()
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_claim) == (Status.SENDING, "dead-worker")
    assert len(mail.outbox) == outbox

    # After the lease, it takes the row back and sends it once
    with time_machine.travel(datetime.datetime(2025, 10, 1, 8, 10, 1, tzinfo=SHANGHAI), tick=False):
        notices_send_pending()
        notices_send_pending()
    notice.refresh_from_db()
    assert notice.email_status == Status.SENT
    assert sent_ids()[outbox:] == [f"<notice-{notice.pk}@cadre-eval>"]
