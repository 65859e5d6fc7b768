"""The annual computation's job."""

from celery import shared_task

from assessments.services.results import results_run_execute, results_runs_reap

RESULTS_RUN_TASK = "assessments.results_run"


@shared_task(name=RESULTS_RUN_TASK, acks_late=True)
def results_run_task(run_id: int) -> None:
    """Takes the run's id; safe to run twice (the run is claimed with a guarded update)."""
    results_run_execute(run_id=run_id)


@shared_task(name="assessments.results_runs_reap")
def results_runs_reap_task() -> list[int]:
    """Periodic (CELERY_BEAT_SCHEDULE "results-runs-reap"): marks failed the running runs whose lease has passed;
    safe to run any time, any number of times."""
    return results_runs_reap()
