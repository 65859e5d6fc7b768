"""The recall cases' jobs: following a publication that changed, and the periodic safety net."""

from celery import shared_task

from recall.services.withdrawals import recall_cases_follow_publication, recall_cases_sweep


@shared_task(name="recall.follow_publication", acks_late=True)
def follow_publication(publication_id: int) -> dict:
    """Enqueued after a publication is published or moves to a newer version. Safe to run twice (or twice at once):
    a withdrawal is a guarded transition, a report a notice sent once."""
    return recall_cases_follow_publication(publication_id=publication_id)


@shared_task(name="recall.sweep", acks_late=True)
def sweep() -> dict:
    """Beat's safety net for a lost enqueue: follow every recent publication again."""
    return recall_cases_sweep()
