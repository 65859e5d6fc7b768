"""The terms' periodic job."""

from celery import shared_task

from tenure.services.terms import terms_sync_all


@shared_task(name="tenure.terms_sync", acks_late=True)
def terms_sync() -> dict:
    """Beat, every hour: start the next term of appointments that ran on past their term's end, and catch whatever
    reached the appointments past the services. Safe to run twice, or twice at once (one sync per organization at a
    time; a term is unique per appointment and sequence) and to die half way (each organization is one
    transaction)."""
    return terms_sync_all()
