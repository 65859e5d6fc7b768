"""Confirmed imports as background jobs: the page enqueues, a worker writes, the page follows its progress
(common.imports.jobs). The job's task is here, with the job (assessments.tasks lists it for the worker)."""

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.imports.applying import import_apply
from assessments.imports.uploads import STORE
from assessments.models import ImportJob
from common.imports.jobs import import_job_enqueue, import_job_execute
from org.models import Organization
from org.roster.scope import roster_scope


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
    user,
) -> ImportJob:
    """Record the confirmed import and hand it to a worker once this transaction commits."""
    return import_job_enqueue(
        model=ImportJob,
        task=assessment_import_run,
        kind=kind,
        organization=organization,
        year=year,
        file_name=file_name,
        upload_token=token,
        upload_extension=extension,
        fingerprint=fingerprint,
        requested_by=user,
    )


def import_job_run(*, job_id: int) -> None:
    import_job_execute(
        model=ImportJob,
        job_id=job_id,
        uploads=STORE,
        scope_of=roster_scope,
        apply=import_apply,
        gone_message=_("上传的文件已失效或您已无权导入,请重新上传。"),
        done_message=_("“%(file)s”已导入。"),
        job_arguments=("kind",),
    )


@shared_task(name="assessments.import_run", acks_late=True)
def assessment_import_run(job_id: int) -> None:
    """Takes the job's id; safe to run twice (the job is claimed with a guarded update)."""
    import_job_run(job_id=job_id)
