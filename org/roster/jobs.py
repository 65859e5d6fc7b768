"""Confirmed imports as background jobs: the page enqueues, a worker applies, the page follows its progress."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Organization, RosterImportJob
from org.roster.applying import roster_import
from org.roster.issues import RosterChanged, RosterInvalid
from org.roster.scope import roster_scope
from org.roster.uploads import upload_delete, upload_load

MAX_ISSUES_KEPT = 1000


@transaction.atomic
def roster_job_create(
    *, organization: Organization, year: int, file_name: str, token: str, extension: str, fingerprint: str, user
) -> RosterImportJob:
    """Record the confirmed import and hand it to a worker once this transaction commits."""
    from org.tasks import roster_import_run

    job = RosterImportJob.objects.create(
        organization=organization,
        year=year,
        file_name=file_name,
        upload_token=token,
        upload_extension=extension,
        fingerprint=fingerprint,
        requested_by=user,
    )
    transaction.on_commit(lambda: roster_import_run.delay(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Guarded: a job runs once; a run whose worker died (its transaction rolled back) may be taken again
    after the task time limit."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        RosterImportJob.objects.filter(pk=job_id, status=RosterImportJob.Status.QUEUED).update(
            status=RosterImportJob.Status.RUNNING, started_at=now, progress=10
        )
    ) or (
        RosterImportJob.objects.filter(pk=job_id, status=RosterImportJob.Status.RUNNING, started_at__lt=stale).update(
            started_at=now, progress=10
        )
    )
    return claimed == 1


def _finish(job: RosterImportJob, status: str, **fields) -> None:
    RosterImportJob.objects.filter(pk=job.pk, status=RosterImportJob.Status.RUNNING).update(
        status=status, progress=100, finished_at=timezone.now(), **fields
    )


def roster_job_run(*, job_id: int) -> None:
    if not _claim(job_id):
        return
    job = RosterImportJob.objects.select_related("organization", "requested_by").get(pk=job_id)
    content = upload_load(token=job.upload_token, extension=job.upload_extension)
    scope = roster_scope(user=job.requested_by, organization=job.organization)
    if content is None or scope is None:
        _finish(job, RosterImportJob.Status.FAILED, message=_("上传的文件已失效或您已无权导入,请重新上传花名册。"))
        return
    RosterImportJob.objects.filter(pk=job.pk).update(progress=30)
    try:
        plan = roster_import(
            organization=job.organization,
            year=job.year,
            content=content,
            file_name=job.file_name,
            scope=scope,
            actor=job.requested_by,
            expected_fingerprint=job.fingerprint,
        )
    except RosterInvalid as exc:
        issues = [[i.row, i.column, i.message] for i in exc.issues[:MAX_ISSUES_KEPT]]
        _finish(
            job,
            RosterImportJob.Status.FAILED,
            issues=issues,
            message=_("确认时重新校验发现 %(count)d 处错误,未导入任何数据。") % {"count": len(exc.issues)},
        )
    except RosterChanged as exc:
        _finish(job, RosterImportJob.Status.CHANGED, message=exc.message)
    else:
        _finish(
            job,
            RosterImportJob.Status.SUCCEEDED,
            summary=[[label, count] for label, count in plan.summary()],
            message=_("花名册“%(file)s”已导入。") % {"file": job.file_name},
        )
    upload_delete(token=job.upload_token, extension=job.upload_extension)
