"""The early warning (过程通报预警) as a background job, started when a quarter's scoring is closed."""

import logging

from celery import shared_task

from assessments.models import Period
from assessments.services.warnings import early_warning_send
from common.errors import ApplicationError

logger = logging.getLogger(__name__)


@shared_task(name="assessments.early_warning", acks_late=True)
def early_warning_task(period_id: int) -> int:
    """Takes the period's id; safe to run twice (a cadre is told once per quarter, enforced by the notice table).
    A period deleted or reopened since the job was queued warns nobody."""
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        return 0
    try:
        return early_warning_send(period=period)
    except ApplicationError as exc:
        logger.info("early warning skipped for period %s: %s", period_id, exc.message)
        return 0
