from celery import shared_task
from django.conf import settings

from notices.services import notices_scan


@shared_task(name="notices.scan", acks_late=True)
def scan_notices() -> dict:
    """Beat runs this every few minutes. Safe to run twice at once and to die half way (see notices.services)."""
    return notices_scan(max_seconds=settings.NOTICE_SCAN_MAX_SECONDS)
