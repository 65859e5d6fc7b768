"""The commitment letters' periodic job."""

from celery import shared_task

from demotion.services.letters import commitment_letters_sync


@shared_task(name="demotion.letters_sync", acks_late=True)
def letters_sync() -> int:
    """Create the missing commitment letters of every organization. Safe to run twice (or twice at once): a letter
    is unique per appointment, and a run that finds one already there leaves it."""
    return commitment_letters_sync()
