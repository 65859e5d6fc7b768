"""Confirmed imports as background jobs: the page enqueues, a worker carries the import out, the page follows its
progress.

The job models (org.RosterImportJob, assessments.ImportJob) have the same fields for this: organization, year,
file_name, upload_token, upload_extension, fingerprint, requested_by, status (Status: QUEUED, RUNNING, SUCCEEDED,
FAILED, CHANGED), progress, started_at, finished_at, summary, issues, message.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.imports.issues import ImportChanged, ImportInvalid
from common.imports.uploads import UploadStore

MAX_ISSUES_KEPT = 1000


def import_job_enqueue(*, model: type[models.Model], task, **fields) -> models.Model:
    """Record the confirmed import and hand it to a worker (`task.delay(job id)`) once the transaction commits."""
    job = model.objects.create(**fields)
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def _claim(model: type[models.Model], job_id: int) -> bool:
    """Guarded: a job runs once; a run whose worker died (its transaction rolled back) may be taken again
    after the task time limit."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(
            status=model.Status.RUNNING, started_at=now, progress=10
        )
    ) or (
        model.objects.filter(pk=job_id, status=model.Status.RUNNING, started_at__lt=stale).update(
            started_at=now, progress=10
        )
    )
    return claimed == 1


def _finish(job: models.Model, status: str, **fields) -> None:
    type(job).objects.filter(pk=job.pk, status=job.Status.RUNNING).update(
        status=status, progress=100, finished_at=timezone.now(), **fields
    )


def import_job_execute(
    *,
    model: type[models.Model],
    job_id: int,
    uploads: UploadStore,
    scope_of: Callable,
    apply: Callable,
    gone_message: str,
    done_message: str,
    job_arguments: tuple[str, ...] = (),
) -> None:
    """Claim the job and carry it out: the file checked again and applied, or the reason it was not.

    `scope_of(user=, organization=)` gives where the requester may import now (None: nowhere). `apply` is the
    import service (organization, year, content, file_name, scope, actor, expected_fingerprint, and the job's
    fields named in `job_arguments`); it returns the plan, or raises ImportInvalid / ImportChanged.
    `gone_message` says the file or the right to import is gone; `done_message` (with %(file)s) that the file was
    imported.
    """
    if not _claim(model, job_id):
        return
    job = model.objects.select_related("organization", "requested_by").get(pk=job_id)
    try:
        _execute(job, model, uploads, scope_of, apply, gone_message, done_message, job_arguments)
    except Exception:
        # The worker log has the traceback; the page says the import failed and nothing was imported.
        _finish(job, model.Status.FAILED, message=_("导入时出错,未导入任何数据;请重新上传,如仍失败请联系系统管理员。"))
        raise
    finally:
        # 剩余信息保护: the uploaded file goes when the job ends, whatever the outcome. (A worker that dies half way
        # runs no `finally`: the file stays for the run that takes the job again.)
        _upload_discard(job, uploads)


def _execute(job, model, uploads, scope_of, apply, gone_message, done_message, job_arguments) -> None:
    content = uploads.load(token=job.upload_token, extension=job.upload_extension)
    scope = scope_of(user=job.requested_by, organization=job.organization)
    if content is None or scope is None:
        _finish(job, model.Status.FAILED, message=gone_message)
        return
    model.objects.filter(pk=job.pk).update(progress=30)
    try:
        plan = apply(
            organization=job.organization,
            year=job.year,
            content=content,
            file_name=job.file_name,
            scope=scope,
            actor=job.requested_by,
            expected_fingerprint=job.fingerprint,
            **{name: getattr(job, name) for name in job_arguments},
        )
    except ImportInvalid as exc:
        _finish(
            job,
            model.Status.FAILED,
            issues=[issue.as_list() for issue in exc.issues[:MAX_ISSUES_KEPT]],
            message=_("确认时重新校验发现 %(count)d 处错误,未导入任何数据。") % {"count": len(exc.issues)},
        )
    except ImportChanged as exc:
        _finish(job, model.Status.CHANGED, message=exc.message)
    else:
        _finish(
            job,
            model.Status.SUCCEEDED,
            summary=[[label, count] for label, count in plan.summary()],
            message=done_message % {"file": job.file_name},
        )


UPLOAD_DELETED_ACTION = "import.upload_deleted"


def _upload_discard(job: models.Model, uploads: UploadStore) -> None:
    """Delete the job's uploaded file and say so in the job's audit history."""
    if not uploads.delete(token=job.upload_token, extension=job.upload_extension):
        return
    status = type(job).objects.filter(pk=job.pk).values_list("status", flat=True).first()
    with transaction.atomic():
        audit_log_record(
            actor=None,
            action=UPLOAD_DELETED_ACTION,
            subject=job,
            after={"file_name": job.file_name, "status": status},
            reason="剩余信息保护:导入任务结束,上传的文件已删除",
        )
