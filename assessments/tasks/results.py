"""The annual computation's job."""

from celery import shared_task

from assessments.services.results import results_run_execute

RESULTS_RUN_TASK = "assessments.results_run"


@shared_task(name=RESULTS_RUN_TASK, acks_late=True)
def results_run_task(run_id: int) -> None:
    """Takes the run's id; safe to run twice (the run is claimed with a guarded update)."""
    results_run_execute(run_id=run_id)
