"""Reads of notices and deadlines, already scoped to the user.

A user's inbox holds only notices addressed to them. The deadline list is for HR (their units) and the admin
(everything): it walks every registered deadline kind, keeps what is overdue or due within the horizon, and sorts
overdue first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.workdays import calendar_warning, format_date, format_date_zh
from notices import registry
from notices.models import Notice
from org.models import Unit
from org.roles import ROLE_HR, get_roles

# How far ahead the deadline list looks; everything overdue is always shown.
DEFAULT_HORIZON_DAYS = 60

STATUS_UPCOMING = "upcoming"
STATUS_TODAY = "today"
STATUS_OVERDUE = "overdue"
STATUS_LABELS = {
    STATUS_UPCOMING: _("即将到期"),
    STATUS_TODAY: _("今日截止"),
    STATUS_OVERDUE: _("已逾期"),
}


def inbox_for(user, *, unread: bool = False) -> QuerySet[Notice]:
    """The user's own notices, newest first. Nothing for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    qs = Notice.objects.filter(recipient=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.defer("email_error", "email_claim").order_by("-created_at", "-id")


def unread_count(user) -> int:
    """One indexed count (notice_inbox: recipient, read_at)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_counts(user) -> tuple[int, int]:
    """How many notices the user has and how many of them are unread, in one indexed query (notice_inbox)."""
    if not getattr(user, "is_authenticated", False):
        return 0, 0
    counts = Notice.objects.filter(recipient=user).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return counts["total"], counts["unread"]


def can_see_deadlines(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)


def deadline_units(user) -> QuerySet[Unit]:
    """Units the user may filter the deadline list by."""
    roles = get_roles(user)
    qs = Unit.objects.select_related("organization").order_by("organization_id", "path")
    if roles.is_admin:
        return qs
    return qs.filter(roles.unit_q(ROLE_HR))


def deadline_kinds() -> list[registry.DeadlineKind]:
    return sorted((k for k in registry.kinds() if k.scanned and not k.milestone), key=lambda k: str(k.label))


@dataclass(frozen=True)
class DeadlineRow:
    kind_code: str
    kind_label: str
    subject: str
    unit_name: str
    due_date: datetime.date
    days_left: int  # calendar days; negative when overdue
    status: str
    url: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def due_date_zh(self) -> str:
        return format_date_zh(self.due_date)

    @property
    def due_date_text(self) -> str:
        return format_date(self.due_date)

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def _status(days_left: int) -> str:
    if days_left < 0:
        return STATUS_OVERDUE
    if days_left == 0:
        return STATUS_TODAY
    return STATUS_UPCOMING


def _scoped_queryset(kind: registry.DeadlineKind, user, unit: Unit | None) -> QuerySet | None:
    """The kind's open objects inside the user's scope (and `unit`'s subtree); None when the user may see none."""
    roles = get_roles(user)
    qs = kind.queryset()
    if kind.unit_field:
        # unit_of() reads the unit through this path; fetching it here keeps the list at one query per kind.
        qs = qs.select_related(kind.unit_field)
        if not roles.is_admin:
            qs = qs.filter(roles.unit_q(ROLE_HR, prefix=f"{kind.unit_field}__"))
        if unit is not None:
            qs = qs.filter(Q(**{f"{kind.unit_field}__path__startswith": unit.path}))
    elif not roles.is_admin or unit is not None:
        # A kind that cannot say where its objects belong is shown to the admin only, and never under a unit.
        return None
    return qs


def deadline_rows(
    user,
    kind: str | None = None,
    unit: Unit | None = None,
    today: datetime.date | None = None,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[DeadlineRow]:
    """Open deadlines in the user's scope: every overdue one and those due within `horizon_days`, overdue first
    (the longest overdue on top), then by due date. `kind` is a kind code, `unit` a unit whose subtree to keep.

    A kind's due date is computed in Python, so each kind's queryset is read once, in chunks, and only the rows
    inside the horizon are kept; the caller paginates the result."""
    if not can_see_deadlines(user):
        return []
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=horizon_days)
    rows: list[DeadlineRow] = []
    for deadline_kind in registry.kinds():
        if (kind and deadline_kind.code != kind) or deadline_kind.milestone or not deadline_kind.scanned:
            continue
        qs = _scoped_queryset(deadline_kind, user, unit)
        if qs is None:
            continue
        for obj in qs.iterator(chunk_size=2000):
            due = deadline_kind.due_date(obj)
            if due is None or due > last:
                continue
            title, _body, url = deadline_kind.describe(obj)
            owner = deadline_kind.unit_of(obj) if deadline_kind.unit_of else None
            days_left = (due - today).days
            rows.append(
                DeadlineRow(
                    kind_code=deadline_kind.code,
                    kind_label=str(deadline_kind.label),
                    subject=title,
                    unit_name=owner.name if owner is not None else "",
                    due_date=due,
                    days_left=days_left,
                    status=_status(days_left),
                    url=url,
                )
            )
    rows.sort(key=lambda r: (r.status != STATUS_OVERDUE, r.due_date, r.kind_label, r.subject))
    return rows


def deadline_calendar_warning(rows, today: datetime.date | None = None) -> str | None:
    """The warning for a page showing these deadlines (and the next months, as the navigation bar does)."""
    today = today or timezone.localdate()
    return calendar_warning(today, today + datetime.timedelta(days=90), *{r.due_date for r in rows})
