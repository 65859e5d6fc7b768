"""Confirmed imports as background jobs: the page enqueues, a worker writes, the page follows its progress."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.imports.applying import import_apply
from assessments.imports.issues import ImportChanged, ImportInvalid
from assessments.imports.uploads import upload_delete, upload_load
from assessments.models import ImportJob
from org.models import Organization
from org.roster.scope import roster_scope

MAX_ISSUES_KEPT = 1000


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
    from assessments.tasks import assessment_import_run

    job = ImportJob.objects.create(
        kind=kind,
        organization=organization,
        year=year,
        file_name=file_name,
        upload_token=token,
        upload_extension=extension,
        fingerprint=fingerprint,
        requested_by=user,
    )
    transaction.on_commit(lambda: assessment_import_run.delay(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Guarded: a job runs once; a run whose worker died (its transaction rolled back) may be taken again
    after the task time limit."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.RUNNING, started_at=now, progress=10
        )
    ) or (
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING, started_at__lt=stale).update(
            started_at=now, progress=10
        )
    )
    return claimed == 1


def _finish(job: ImportJob, status: str, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=status, progress=100, finished_at=timezone.now(), **fields
    )


def import_job_run(*, job_id: int) -> None:
    if not _claim(job_id):
        return
    job = ImportJob.objects.select_related("organization", "requested_by").get(pk=job_id)
    content = upload_load(token=job.upload_token, extension=job.upload_extension)
    scope = roster_scope(user=job.requested_by, organization=job.organization)
    if content is None or scope is None:
        _finish(job, ImportJob.Status.FAILED, message=_("上传的文件已失效或您已无权导入,请重新上传。"))
        return
    ImportJob.objects.filter(pk=job.pk).update(progress=30)
    try:
        plan = import_apply(
            kind=job.kind,
            organization=job.organization,
            year=job.year,
            content=content,
            file_name=job.file_name,
            scope=scope,
            actor=job.requested_by,
            expected_fingerprint=job.fingerprint,
        )
    except ImportInvalid as exc:
        _finish(
            job,
            ImportJob.Status.FAILED,
            issues=[issue.as_list() for issue in exc.issues[:MAX_ISSUES_KEPT]],
            message=_("确认时重新校验发现 %(count)d 处错误,未导入任何数据。") % {"count": len(exc.issues)},
        )
    except ImportChanged as exc:
        _finish(job, ImportJob.Status.CHANGED, message=exc.message)
    else:
        _finish(
            job,
            ImportJob.Status.SUCCEEDED,
            summary=[[label, count] for label, count in plan.summary()],
            message=_("“%(file)s”已导入。") % {"file": job.file_name},
        )
    upload_delete(token=job.upload_token, extension=job.upload_extension)
