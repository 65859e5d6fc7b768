"""The annual computation's job."""

from celery import shared_task

from assessments.services.results import results_job_execute

RESULTS_RUN_TASK = "assessments.results_run"


@shared_task(name=RESULTS_RUN_TASK, acks_late=True)
def results_run_task(job_id: int) -> None:
    """Takes the id of the run's background job (kind RESULTS_COMPUTE); safe to run twice (the job is claimed with a
    guarded update, and only a job of that kind is taken). A worker that dies while computing leaves a job whose
    lease passes: beat's "jobs-reap-dead" marks it failed, and the run with it (results_job_dead)."""
    results_job_execute(job_id=job_id)
