"""Every write to a background job: made (and handed to a worker once the transaction commits), claimed once,
its progress and lease renewed, finished or failed; and beat's reaper of jobs whose worker died, with what each
kind of job asks to be done when one of its jobs is found dead (on_dead)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.jobs.files import file_delete
from common.models import BackgroundJob

logger = logging.getLogger(__name__)

UPLOAD_DELETED_ACTION = "import.upload_deleted"

# kind -> what the kind's app does when one of its jobs is found dead (registered from the app's setup, so that
# common imports none of them).
_ON_DEAD: dict[str, list[Callable[[BackgroundJob], str | None]]] = {}


def on_dead(kind: str, callback: Callable[[BackgroundJob], str | None]) -> None:
    """Have `callback(job)` called when the reaper marks a job of `kind` failed, in the same transaction: it brings
    what the job worked on to the same end. A string it returns becomes the job's message."""
    if callback not in _ON_DEAD.setdefault(kind, []):
        _ON_DEAD[kind].append(callback)


def lease_seconds() -> int:
    """How long a running job's lease lasts after each renewal (settings.JOB_LEASE_SECONDS)."""
    return int(getattr(settings, "JOB_LEASE_SECONDS", 300))


def _lease(seconds: int | None = None) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds() if seconds is None else seconds)


def job_create(
    *,
    kind: str,
    requested_by: AbstractBaseUser | None,
    file_name: str,
    organization: models.Model | None = None,
    arguments: dict[str, Any] | None = None,
    task: Any = None,
) -> BackgroundJob:
    """Record the job and hand its id to `task` (a Celery task: `task.delay(job id)`) once the surrounding
    transaction commits; no task: the caller runs it. No `requested_by`: a job the system started itself."""
    job = BackgroundJob.objects.create(
        kind=kind,
        requested_by_id=requested_by.pk if requested_by is not None else None,
        organization_id=organization.pk if organization is not None else None,
        file_name=file_name,
        arguments=arguments or {},
    )
    if task is not None:
        transaction.on_commit(lambda: task.delay(job.pk))
    return job


def job_claim(job_id: int, *, progress: int = 0, kind: str | None = None) -> BackgroundJob | None:
    """Take a QUEUED job (of `kind`, when named) for this worker: a conditional UPDATE, so of two deliveries of the
    same task only one gets the job (the other gets None and does nothing)."""
    now = timezone.now()
    queued = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED)
    if kind is not None:
        queued = queued.filter(kind=kind)
    claimed = queued.update(
        status=BackgroundJob.Status.RUNNING,
        started_at=now,
        progress=progress,
        lease_expires_at=_lease(),
        updated_at=now,
    )
    if claimed != 1:
        return None
    return BackgroundJob.objects.select_related("organization", "requested_by").get(pk=job_id)


def job_progress(job: BackgroundJob, percent: int, *, lease_for: int | None = None) -> bool:
    """Record the progress of a running job and renew its lease (`lease_for` seconds: a longer lease before one
    long step that reports nothing until it ends). False when the job is no longer running (reaped)."""
    percent = max(0, min(100, percent))
    updated = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING).update(
        progress=percent, lease_expires_at=_lease(lease_for), updated_at=timezone.now()
    )
    job.progress = percent
    return updated == 1


def job_lease_renew(job_id: int) -> bool:
    """Renew a running job's lease without touching its progress (a worker's heartbeat). False when the job is no
    longer running (reaped meanwhile)."""
    return (
        BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.RUNNING).update(
            lease_expires_at=_lease(), updated_at=timezone.now()
        )
        == 1
    )


def job_finish(
    job: BackgroundJob, *, status: str = BackgroundJob.Status.SUCCEEDED, message: str = "", **result: Any
) -> bool:
    """End a running job: its outcome (status), what a user reads (message) and what it produced (result). False
    when the job was no longer running (reaped meanwhile): nothing changed in the database."""
    now = timezone.now()
    fields = {"status": status, "progress": 100, "finished_at": now, "message": message, "lease_expires_at": None}
    if result:
        fields["result"] = {**job.result, **result}
    ended = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING).update(
        updated_at=now, **fields
    )
    for name, value in fields.items():
        setattr(job, name, value)
    return ended == 1


def job_fail(job: BackgroundJob, *, message: str, **result: Any) -> bool:
    return job_finish(job, status=BackgroundJob.Status.FAILED, message=message, **result)


def job_upload_discard(job: BackgroundJob) -> None:
    """剩余信息保护: delete the job's uploaded file, if it has one still, and say so in the job's audit history."""
    upload = job.arguments.get("upload", "")
    if not file_delete(upload):
        return
    status = BackgroundJob.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    with transaction.atomic():
        audit_log_record(
            actor=None,
            action=UPLOAD_DELETED_ACTION,
            subject=job,
            after={"file_name": job.file_name, "status": status},
            reason="剩余信息保护:导入任务结束,上传的文件已删除",
        )


def job_execute(
    job_id: int, body: Callable[[BackgroundJob], None], *, failure_message: str, progress: int = 0
) -> BackgroundJob | None:
    """Claim the job and run `body(job)` on it; None when the job was not there to claim (taken already).

    Whatever `body` raises marks the job failed with `failure_message` (the worker log has the traceback, and the
    exception goes on to the worker); the job's upload is removed when it ends, whatever the outcome."""
    job = job_claim(job_id, progress=progress)
    if job is None:
        return None
    try:
        body(job)
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        job_fail(job, message=failure_message)
        raise
    finally:
        job_upload_discard(job)
    return job


def reap_message() -> str:
    return _("处理该任务的后台进程已中断,任务未完成,未写入任何数据;请重新提交。")


def jobs_reap_dead(*, now: datetime.datetime | None = None) -> int:
    """Beat: every RUNNING job whose lease has expired lost its worker; it is marked failed with a reason the user
    can read (the kind's on_dead callbacks run in the same transaction), and its upload removed. Returns how
    many."""
    now = now or timezone.now()
    dead = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, lease_expires_at__lt=now)
    reaped = 0
    for job in dead:
        with transaction.atomic():
            taken = BackgroundJob.objects.filter(
                pk=job.pk, status=BackgroundJob.Status.RUNNING, lease_expires_at__lt=now
            ).update(
                status=BackgroundJob.Status.FAILED,
                progress=100,
                finished_at=now,
                message=reap_message(),
                lease_expires_at=None,
                updated_at=now,
            )
            if taken:
                for callback in _ON_DEAD.get(job.kind, []):
                    message = callback(job)
                    if message:
                        BackgroundJob.objects.filter(pk=job.pk).update(message=message)
        if taken:
            reaped += 1
            logger.warning("background job %s (%s) lost its worker: marked failed", job.pk, job.kind)
            job_upload_discard(job)
    return reaped
