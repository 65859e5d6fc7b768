"""Confirmed imports as background jobs: the page enqueues, a worker writes, the page follows its progress
(common.imports.jobs, on the one job model of common.jobs). The job's task is here, with the job
(assessments.tasks lists it for the worker)."""

from celery import shared_task
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import imports
from assessments.imports.applying import import_apply
from assessments.imports.uploads import STORE
from common.imports.jobs import import_job_enqueue, import_job_execute
from common.models import BackgroundJob
from org.models import Organization
from org.roster.scope import roster_scope

# The job kind of each import kind (the import kind itself is the job's argument "kind").
JOB_KINDS = {
    imports.SCORES: BackgroundJob.Kind.SCORE_IMPORT,
    imports.POINTS_KIND: BackgroundJob.Kind.POINT_IMPORT,
    imports.VETOES: BackgroundJob.Kind.VETO_IMPORT,
}


@transaction.atomic
def import_job_create(
    *,
    kind: str,
    organization: Organization,
    year: int,
    file_name: str,
    token: str,
    extension: str,
    fingerprint: str,
    user: AbstractBaseUser,
    enqueue: bool = True,
) -> BackgroundJob:
    """Record the confirmed import and hand it to a worker once this transaction commits (`enqueue` False: the
    caller runs it)."""
    return import_job_enqueue(
        job_kind=JOB_KINDS[kind],
        task=assessment_import_run if enqueue else None,
        uploads=STORE,
        organization=organization,
        year=year,
        file_name=file_name,
        token=token,
        extension=extension,
        fingerprint=fingerprint,
        user=user,
        kind=kind,
    )


def import_job_run(*, job_id: int) -> None:
    import_job_execute(
        job_id=job_id,
        scope_of=roster_scope,
        apply=import_apply,
        gone_message=_("上传的文件已失效或您已无权导入,请重新上传。"),
        done_message=_("“%(file)s”已导入。"),
        job_arguments=("kind",),
    )


@shared_task(name="assessments.import_run", acks_late=True)
def assessment_import_run(job_id: int) -> None:
    """Takes the job's id; safe to run twice (the job is claimed with a conditional update)."""
    import_job_run(job_id=job_id)
