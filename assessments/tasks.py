from celery import shared_task

from assessments.imports.jobs import import_job_run


@shared_task(name="assessments.import_run", acks_late=True)
def assessment_import_run(job_id: int) -> None:
    """Takes the job's id; safe to run twice (the job is claimed with a guarded update)."""
    import_job_run(job_id=job_id)
