from celery import shared_task

from org.roster.jobs import roster_job_run


@shared_task(name="org.roster_import_run", acks_late=True)
def roster_import_run(job_id: int) -> None:
    """Takes the job's id; safe to run twice (the job is claimed with a guarded update)."""
    roster_job_run(job_id=job_id)
