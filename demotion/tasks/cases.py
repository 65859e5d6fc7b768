"""The step-down cases' jobs: opening after a publication changed, and the periodic sweep."""

from celery import shared_task

from demotion.cases_opening import published_publications, stepdown_cases_escalate, stepdown_cases_open


@shared_task(name="demotion.stepdown_open", acks_late=True)
def stepdown_open(publication_id: int) -> dict:
    """Enqueued after a publication is published or moves to a newer version. Safe to run twice (or twice at once):
    a case is opened once per cadre and year."""
    return stepdown_cases_open(publication_id=publication_id)


@shared_task(name="demotion.stepdown_sweep", acks_late=True)
def stepdown_sweep() -> dict:
    """Beat's safety net: open what a lost enqueue missed for every published year, then escalate the cases whose
    application period has passed. Each escalation is its own guarded transaction, so a sweep killed half way leaves
    the rest to the next one, and none happens twice."""
    opened = sum(stepdown_cases_open(publication_id=pk)["opened"] for pk in published_publications())
    return {"opened": opened, "escalated": stepdown_cases_escalate()}
