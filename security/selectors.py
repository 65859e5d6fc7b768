"""Reads of the security app: password age, and the audit trail for the audit administrator."""

import datetime

from django.db.models import Q
from django.utils import timezone

from common.models import AuditLog, ReadLog
from security.models import PasswordHistory, RecoveryCode


def password_changed_at(user):
    """When the user's password was last set: the newest history row, else when the account was created."""
    latest = PasswordHistory.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return latest or user.date_joined


def audit_changes(*, person: str = "", actor: str = "", action: str = "", start=None, end=None):
    """The change trail for the audit administrator: newest first, each filter narrowing it. `person` matches the
    record a change was made to (a cadre by name or 工号, a user by name), `actor` who made it."""
    rows = AuditLog.objects.select_related("actor", "subject_type").order_by("-created_at", "-id")
    if person:
        rows = rows.filter(subject_repr__icontains=person)
    if action:
        rows = rows.filter(action=action)
    return _common_filters(rows, actor=actor, start=start, end=end)


def audit_reads(*, person: str = "", actor: str = "", action: str = "", start=None, end=None):
    """The reads of people's records: newest first; `action` is the page read."""
    rows = ReadLog.objects.select_related("actor").order_by("-created_at", "-id")
    if person:
        rows = rows.filter(person__icontains=person)
    if action:
        rows = rows.filter(view=action)
    return _common_filters(rows, actor=actor, start=start, end=end)


def _common_filters(rows, *, actor, start, end):
    if actor:
        rows = rows.filter(
            Q(actor__username__icontains=actor) | Q(actor__first_name__icontains=actor) | Q(actor__last_name=actor)
        )
    if start:
        rows = rows.filter(created_at__gte=_day_start(start))
    if end:
        rows = rows.filter(created_at__lt=_day_start(end + datetime.timedelta(days=1)))
    return rows


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_change_actions() -> list[str]:
    return list(AuditLog.objects.order_by().values_list("action", flat=True).distinct())


def recovery_codes_left(*, user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True, used_at__isnull=True).count()
