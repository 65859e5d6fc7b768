"""Periods (考核期间): their dates, and HR opening and closing them for scoring."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models import QUARTERS, Period
from assessments.selectors.publication import is_published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from common.tasks import task_enqueue


def period_dates(year: int, kind: str) -> tuple[datetime.date, datetime.date]:
    starts = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "Y": 1}
    ends = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31), "H1": (6, 30), "H2": (12, 31), "Y": (12, 31)}
    return datetime.date(year, starts[kind], 1), datetime.date(year, *ends[kind])


def _period_for_update(period: Period) -> Period:
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    if not period.scheme.is_current:
        raise ApplicationError("该期间属于已被取代的旧版本方案。")
    return period


@transaction.atomic
def period_open(*, period: Period, due_date: datetime.date | None = None, actor=None) -> Period:
    """Open a period for scoring. With a due date, raters who still owe scores are reminded before it and HR is
    told once it has passed (the deadline kind in assessments.setup.scoring)."""
    period = _period_for_update(period)
    if is_published(organization_id=period.scheme.organization_id, year=period.scheme.year):
        raise ApplicationError(f"{period.scheme.year}年考核结果已公布,评分已锁定,不能再开始评分。")
    if period.status == Period.Status.OPEN:
        raise ApplicationError(f"{period}已在评分中。")
    if due_date is not None and due_date < timezone.localdate():
        raise ApplicationError("评分截止日期不能早于今天。", field_errors={"due_date": ["评分截止日期不能早于今天。"]})
    if period.end_date < period.scheme.effective_date:
        # 不溯及既往: a scheme never applies to a period that ended before it took effect.
        raise ApplicationError(
            f"{period}在方案施行日期({period.scheme.effective_date:%Y-%m-%d})之前已结束,不能按本方案评分。"
        )
    fields = ["status", "due_date", "opened_at", "closed_at"]
    before = snapshot(period, fields)
    period.status = Period.Status.OPEN
    period.due_date = due_date
    period.opened_at = timezone.now()
    period.closed_at = None
    period.save(update_fields=[*fields, "updated_at"])
    audit_log_record(
        actor=actor, action="assessments.period.open", subject=period, before=before, after=snapshot(period, fields)
    )
    return period


@transaction.atomic
def period_close(*, period: Period, actor=None) -> Period:
    period = _period_for_update(period)
    if period.status != Period.Status.OPEN:
        raise ApplicationError(f"{period}不在评分中,无需结束。")
    before = snapshot(period, ["status", "closed_at"])
    period.status = Period.Status.CLOSED
    period.closed_at = timezone.now()
    period.save(update_fields=["status", "closed_at", "updated_at"])
    audit_log_record(
        actor=actor,
        action="assessments.period.close",
        subject=period,
        before=before,
        after=snapshot(period, ["status", "closed_at"]),
    )
    if period.kind in QUARTERS:
        # 过程通报预警: once a quarter's scoring ends, the bottom zone of the running score is told.
        task_enqueue("assessments.early_warning", period.pk)  # assessments.tasks.warnings
    return period
