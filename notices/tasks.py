from celery import shared_task
from django.conf import settings

from notices.services import notices_generate, notices_send_pending


@shared_task(name="notices.scan", bind=True, acks_late=True)
def scan_notices(self) -> dict:
    """Beat runs this every few minutes: create what is due, then hand the sending to NOTICE_SENDERS tasks that run
    side by side (each claims its own batches; sending is bound by the round trip of one mark per e-mail, so two
    senders send nearly twice as fast). Safe to run twice at once and to die half way (see notices.services)."""
    offered = notices_generate()
    # The senders go to the queue this scan came from, so a worker serving that queue serves them too.
    queue = (self.request.delivery_info or {}).get("routing_key") or None
    for _ in range(settings.NOTICE_SENDERS):
        send_notices.apply_async(queue=queue)
    return {"offered": offered, "senders": settings.NOTICE_SENDERS}


@shared_task(name="notices.send", acks_late=True)
def send_notices() -> int:
    return notices_send_pending(max_seconds=settings.NOTICE_SCAN_MAX_SECONDS)


@shared_task(name="notices.warnings_scan", acks_late=True)
def scan_warnings() -> dict:
    """Beat runs this once a day: every early-warning kind that has a scan (notices.warnings). Safe to run twice:
    each warning is told once per kind, recipient, subject and occurrence."""
    from notices.warnings.services import warnings_scan

    return warnings_scan()
