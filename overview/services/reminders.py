"""HR's one-click reminder to the raters who still owe scores: one in-app notice (and e-mail) per rater, at most once a
day per rater and year, through the notices; audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.audit import audit_log_record
from notices.models import Notice
from notices.services import notices_announce
from org.models import Organization

KIND = "overview.scoring_reminder"
ACTION = "overview.scoring.remind"


@dataclass(frozen=True)
class ReminderOutcome:
    sent: int  # raters reminded now
    already: int  # raters reminded earlier today
    without_login: int  # raters owing scores who have no login to remind


def occurrence(year: int, day: datetime.date) -> str:
    return f"{year}:{day.isoformat()}"


def scoring_reminder_send(
    *, actor, organization: Organization, year: int, missing, today: datetime.date | None = None
) -> ReminderOutcome:
    """Remind every rater with a missing cell in `missing` (the cells the actor sees), each once a day."""
    today = today or timezone.localdate()
    owed: dict[int, int] = {}
    without_login: set[int] = set()
    for cell in missing:
        if cell.rater_user_id is None:
            without_login.add(cell.rater_id)
        else:
            owed[cell.rater_user_id] = owed.get(cell.rater_user_id, 0) + 1
    when = occurrence(year, today)
    with transaction.atomic():
        already = set(
            Notice.objects.filter(
                kind=KIND,
                subject_type=ContentType.objects.get_for_model(Organization),
                subject_id=str(organization.pk),
                occurrence=when,
                recipient_id__in=list(owed),
            ).values_list("recipient_id", flat=True)
        )
        fresh = [pk for pk in sorted(owed) if pk not in already]
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=fresh, is_active=True)}
        for pk in fresh:
            if pk not in users:
                continue
            notices_announce(
                recipients=[users[pk]],
                kind=KIND,
                subject=organization,
                occurrence=when,
                title=f"【提醒】{organization.name} {year}年度考核评分尚未完成",
                body=f"您还有 {owed[pk]} 项评分尚未录入,请尽快完成。",
                url=reverse("rater_home"),
                due_date=today,
            )
        outcome = ReminderOutcome(sent=len(users), already=len(already), without_login=len(without_login))
        audit_log_record(
            actor=actor,
            action=ACTION,
            subject=organization,
            before=None,
            after={
                "year": year,
                "reminded": sorted(users),
                "already_today": sorted(already),
                "without_login": sorted(without_login),
            },
            reason=f"{year}年度评分提醒",
        )
    return outcome
