"""Creating notices from the registered deadlines, and sending their e-mails exactly once.

Creation is idempotent (the unique constraint; `ignore_conflicts`). Sending claims a batch with a guarded update,
sends each e-mail outside any transaction and marks it sent at once, claim-checked. A worker that dies leaves its
claimed rows in `sending`; after the lease they go back to `pending`. Only an e-mail handed to the mail server in the
instant between its delivery and its mark can go out twice, and it then carries the same Message-ID, so mail systems
drop the copy.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from common.workdays import calendar_warning, format_date_zh
from notices import registry
from notices.models import Notice

logger = logging.getLogger(__name__)

PREFIX = {"before": "【提醒】", "due": "【今日截止】", "after": "【已逾期】", registry.ESCALATION: "【逾期督办】"}


def _title(occurrence: str, title: str) -> str:
    return f"{PREFIX[occurrence.split(':')[0]]}{title}"


def _body(occurrence: str, body: str, due: datetime.date, kind: registry.DeadlineKind) -> str:
    when = format_date_zh(due)
    with translation.override(settings.LANGUAGE_CODE):  # notices are written in Chinese, whoever sets them off
        label = str(kind.label)
    if occurrence.startswith("before"):
        lead = f"{label}的截止日期是{when},请在截止日期前办理。"
    elif occurrence == "due":
        lead = f"{label}今天({when})截止,请今天内办理。"
    elif occurrence == registry.ESCALATION:
        lead = f"{label}已于{when}逾期未办理,请督促或按规定处理。"
    else:
        lead = f"{label}已于{when}截止,目前仍未办理,请尽快办理。"
    return f"{lead}\n{body}".strip()


def _current_occurrences(schedule, today: datetime.date) -> list[tuple[str, datetime.date, bool]]:
    """The reminder that is due now (only the latest one: a late scan does not send a stale "3 days before"),
    plus the escalation once its day has come."""
    reminders = sorted((s for s in schedule if not s[2]), key=lambda s: s[1])
    fired = [s for s in reminders if s[1] <= today]
    current = fired[-1:] if fired else []
    return current + [s for s in schedule if s[2] and s[1] <= today]


def notices_generate(*, today: datetime.date | None = None, batch_size: int = 1000) -> int:
    """Create every notice due by `today` for every registered deadline kind. Returns rows offered (existing ones
    are skipped by the database)."""
    today = today or timezone.localdate()
    offered = 0
    for kind in registry.kinds():
        if not kind.scanned:
            continue
        # Objects share due dates: the working-day arithmetic and the calendar check (each a query) run once a date.
        by_due: dict[datetime.date, tuple[list, str]] = {}
        buffer: list[Notice] = []
        for obj in kind.queryset().iterator(chunk_size=batch_size):
            due = kind.due_date(obj)
            if due not in by_due:
                by_due[due] = (kind.schedule(due), calendar_warning(due) or "")
            schedule, warning = by_due[due]
            occurrences = _current_occurrences(schedule, today)
            if not occurrences:
                continue
            title, body, url = kind.describe(obj)
            subject_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
            for occurrence, _fires, is_escalation in occurrences:
                people = kind.escalate_to(obj) if is_escalation and kind.escalate_to else kind.recipients(obj)
                for person in _people(people):
                    buffer.append(
                        Notice(
                            recipient=person,
                            kind=kind.code,
                            subject_type=subject_type,
                            subject_id=str(obj.pk),
                            occurrence=occurrence,
                            due_date=due,
                            title=(title if kind.milestone else _title(occurrence, title))[:200],
                            body=body if kind.milestone else _body(occurrence, body, due, kind),
                            url=url,
                            calendar_warning=warning,
                            email_status=Notice.EmailStatus.PENDING if person.email else Notice.EmailStatus.SKIPPED,
                        )
                    )
            if len(buffer) >= batch_size:
                offered += _insert(buffer)
                buffer = []
        offered += _insert(buffer)
    return offered


def _people(people: Iterable) -> list:
    seen, result = set(), []
    for person in people or []:
        if person is not None and person.is_active and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def _insert(rows: list[Notice]) -> int:
    if rows:
        Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notices_release_stale_claims(*, now: datetime.datetime | None = None) -> int:
    """Rows claimed by a worker that died are settled after the lease: those it had sent (email_sent_at set) are
    marked sent; the rest are offered again."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.NOTICE_CLAIM_LEASE_SECONDS)
    stale = Notice.objects.filter(email_status=Notice.EmailStatus.SENDING, email_claimed_at__lt=now - lease)
    stale.filter(email_sent_at__isnull=False).update(email_status=Notice.EmailStatus.SENT, email_claim="")
    return stale.filter(email_sent_at__isnull=True).update(email_status=Notice.EmailStatus.PENDING, email_claim="")


def _claim(batch_size: int) -> tuple[str, list[Notice] | None]:
    claim = uuid.uuid4().hex
    now = timezone.now()
    ids = list(
        Notice.objects.filter(email_status=Notice.EmailStatus.PENDING)
        .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:batch_size]
    )
    if not ids:
        return claim, []
    # Guarded: a row another scanner claimed first no longer matches status=pending and is left alone.
    Notice.objects.filter(pk__in=ids, email_status=Notice.EmailStatus.PENDING).update(
        email_status=Notice.EmailStatus.SENDING, email_claim=claim, email_claimed_at=now
    )
    rows = list(
        Notice.objects.filter(email_claim=claim, email_status=Notice.EmailStatus.SENDING).select_related("recipient")
    )
    return claim, rows if rows else None


def _message(notice: Notice, connection) -> EmailMessage:
    link = f"{settings.CADRE_BASE_URL.rstrip('/')}{notice.url}" if notice.url else ""
    text = (
        notice.body
        + (f"\n\n{link}" if link else "")
        + (f"\n\n{notice.calendar_warning}" if notice.calendar_warning else "")
    )
    return EmailMessage(
        subject=notice.title,
        body=text,
        to=[notice.recipient.email],
        connection=connection,
        headers={"Message-ID": f"<notice-{notice.pk}@cadre-eval>"},
    )


def notices_send_pending(*, batch_size: int = 500, max_seconds: float | None = None) -> int:
    """Send every pending e-mail, a claimed batch at a time. Runs outside any transaction on purpose."""
    if transaction.get_connection().in_atomic_block and not settings.NOTICE_ALLOW_SEND_IN_TRANSACTION:
        raise RuntimeError("notices are sent outside transactions")
    started = time.monotonic()
    # A batch is sent well within its lease: past the lease another scanner takes the rows back and sends them too.
    batch_seconds = settings.NOTICE_CLAIM_LEASE_SECONDS / 2
    sent = 0
    connection = get_connection()
    with connection, _marker() as mark:
        while max_seconds is None or time.monotonic() - started < max_seconds:
            # Every round, not once per scan: a long scan also picks up the rows of a worker that died meanwhile.
            notices_release_stale_claims()
            claimed_at = time.monotonic()
            claim, rows = _claim(batch_size)
            if rows is None:
                continue  # another scanner took this batch; look again
            if not rows:
                break
            for notice in rows:
                if time.monotonic() - claimed_at > batch_seconds:
                    _release(claim)
                    break
                try:
                    connection.send_messages([_message(notice, connection)])
                except Exception as exc:  # noqa: BLE001 — one bad address or a mail-server hiccup must not stop the rest
                    _failed(notice, claim, exc)
                    continue
                mark(notice.pk, claim)
                sent += 1
            _settle(claim)
    return sent


@contextmanager
def _marker():
    """Marks one row sent, claim-checked, at once after its e-mail went out: one statement per e-mail, the price of
    exactly once (marking a batch at its end would resend the whole batch after a crash).

    The mark sets `email_sent_at`, the record of delivery, and changes no indexed column, so PostgreSQL updates the
    row in place (a HOT update, helped by the table's fillfactor) without touching any index; `email_status` follows
    in one statement per batch (`_settle`), or, when the worker dies first, when its stale claim is settled.

    The statement is written once and run on one cursor, without building a queryset per e-mail. On PostgreSQL the
    marks are committed without waiting for the WAL flush (synchronous_commit off, for this session only): a mark is
    visible to every other scanner the moment it commits, so a worker that dies loses none; only a crash of the
    database server itself could lose the last fraction of a second of marks, whose e-mails would then go out again
    with the same Message-ID. That wait was most of the time per e-mail."""
    db = transaction.get_connection()
    table = db.ops.quote_name(Notice._meta.db_table)
    sql = (
        f"UPDATE {table} SET email_sent_at = %s, email_attempts = email_attempts + 1, "  # noqa: S608 — our quoted table name; values are parameters
        "updated_at = %s WHERE id = %s AND email_claim = %s AND email_sent_at IS NULL"
    )
    relaxed = db.vendor == "postgresql" and not db.in_atomic_block
    with db.cursor() as cursor:
        if relaxed:
            cursor.execute("SET synchronous_commit TO OFF")
        try:

            def mark(pk: int, claim: str) -> None:
                now = db.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(sql, [now, now, pk, claim])

            yield mark
        finally:
            if relaxed:
                cursor.execute("RESET synchronous_commit")


def _settle(claim: str) -> None:
    """The end of a batch: what went out is marked sent."""
    Notice.objects.filter(
        email_claim=claim, email_status=Notice.EmailStatus.SENDING, email_sent_at__isnull=False
    ).update(email_status=Notice.EmailStatus.SENT)


def _release(claim: str) -> None:
    """Give back what is left of a batch, for the next round to claim afresh."""
    Notice.objects.filter(
        email_claim=claim, email_status=Notice.EmailStatus.SENDING, email_sent_at__isnull=True
    ).update(email_status=Notice.EmailStatus.PENDING, email_claim="")


def _failed(notice: Notice, claim: str, exc: Exception) -> None:
    attempts = notice.email_attempts + 1
    logger.warning("notice %s e-mail failed (attempt %s): %s", notice.pk, attempts, exc)
    changes: dict[str, object]
    if attempts >= settings.NOTICE_EMAIL_MAX_ATTEMPTS:
        changes = {"email_status": Notice.EmailStatus.FAILED}
    else:
        backoff = datetime.timedelta(seconds=settings.NOTICE_EMAIL_BACKOFF_SECONDS * 2 ** (attempts - 1))
        changes = {"email_status": Notice.EmailStatus.PENDING, "email_next_attempt_at": timezone.now() + backoff}
    Notice.objects.filter(pk=notice.pk, email_claim=claim).update(
        email_attempts=attempts, email_error=str(exc)[:500], email_claim="", **changes
    )


def notices_scan(*, today: datetime.date | None = None, max_seconds: float | None = None) -> dict:
    """The periodic job: create what is due, then send it."""
    offered = notices_generate(today=today)
    sent = notices_send_pending(max_seconds=max_seconds)
    return {"offered": offered, "sent": sent}


@transaction.atomic
def notice_mark_read(*, notice: Notice, user) -> Notice:
    if notice.recipient_id != user.pk:
        raise PermissionError
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    notice.refresh_from_db(fields=["read_at"])
    return notice


@transaction.atomic
def notice_mark_all_read(*, user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notices_announce(
    *,
    recipients: Iterable,
    kind: str,
    subject,
    occurrence: str,
    title: str,
    body: str = "",
    url: str = "",
    due_date: datetime.date | None = None,
) -> int:
    """Tell people something once (a publication, an early warning): one notice per recipient, kind, subject and
    occurrence, e-mailed by the same sender as deadline reminders. Repeating the call adds nothing. Returns the rows
    offered.

    A notice that asks for an action by a day names it (`due_date`) and carries the calendar warning when that day
    falls in a year whose official calendar is not known; without `due_date` it is informational: no due date."""
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    due = due_date
    warning = (calendar_warning(due) or "") if due is not None else ""
    return _insert(
        [
            Notice(
                recipient=person,
                kind=kind,
                subject_type=subject_type,
                subject_id=str(subject.pk),
                occurrence=occurrence,
                due_date=due,
                title=title[:200],
                body=body,
                url=url,
                calendar_warning=warning,
                email_status=Notice.EmailStatus.PENDING if person.email else Notice.EmailStatus.SKIPPED,
            )
            for person in _people(recipients)
        ]
    )
