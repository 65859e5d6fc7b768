from celery import shared_task

from assessments.results.exports import results_export_task  # noqa: F401  (registered with the worker)
from assessments.results.services import results_run_execute


@shared_task(name="assessments.results_run", acks_late=True)
def results_run_task(run_id: int) -> None:
    """Takes the run's id; safe to run twice (the run is claimed with a guarded update)."""
    results_run_execute(run_id=run_id)
