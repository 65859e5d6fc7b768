"""The annual computation is a background job (common.jobs): when the reaper finds one of its jobs dead, the run it
was computing ends failed with it."""


def ready() -> None:
    from assessments.services.results import results_job_dead
    from common.jobs.services import on_dead
    from common.models import BackgroundJob

    on_dead(BackgroundJob.Kind.RESULTS_COMPUTE, results_job_dead)
