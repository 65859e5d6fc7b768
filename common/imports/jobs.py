"""Confirmed imports as background jobs (common.jobs): the page enqueues, a worker carries the import out, the page
follows its progress.

An import job's `arguments`: year, upload (the uploaded file's storage name), fingerprint (the preview's), and
whatever else the kind's import service takes (the roster's name_choices, the assessment import's kind).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _

from common.imports.issues import ImportChanged, ImportInvalid
from common.imports.uploads import UploadStore
from common.jobs.files import file_read
from common.jobs.services import UPLOAD_DELETED_ACTION, job_create, job_execute, job_finish, job_progress
from common.models import BackgroundJob

__all__ = ["MAX_ISSUES_KEPT", "UPLOAD_DELETED_ACTION", "import_job_enqueue", "import_job_execute"]

MAX_ISSUES_KEPT = 1000


def import_job_enqueue(
    *,
    job_kind: str,
    task: Any,
    uploads: UploadStore,
    organization: Any,
    year: int,
    file_name: str,
    token: str,
    extension: str,
    fingerprint: str,
    user: AbstractBaseUser,
    **arguments: Any,
) -> BackgroundJob:
    """Record the confirmed import and hand it to a worker (`task.delay(job id)`) once the transaction commits."""
    return job_create(
        kind=job_kind,
        task=task,
        requested_by=user,
        organization=organization,
        file_name=file_name,
        arguments={
            "year": year,
            "upload": uploads.name_of(token=token, extension=extension),
            "fingerprint": fingerprint,
            **arguments,
        },
    )


def import_job_execute(
    *,
    job_id: int,
    scope_of: Callable[..., Any],
    apply: Callable[..., Any],
    gone_message: str,
    done_message: str,
    job_arguments: tuple[str, ...] = (),
) -> BackgroundJob | None:
    """Claim the job and carry it out: the file checked again and applied, or the reason it was not.

    `scope_of(user=, organization=)` gives where the requester may import now (None: nowhere). `apply` is the
    import service (organization, year, content, file_name, scope, actor, expected_fingerprint, and the job's
    arguments named in `job_arguments`); it returns the plan, or raises ImportInvalid / ImportChanged.
    `gone_message` says the file or the right to import is gone; `done_message` (with %(file)s) that the file was
    imported. The upload is removed when the job ends, whatever the outcome (common.jobs.services.job_execute).
    """

    def body(job: BackgroundJob) -> None:
        _execute(job, scope_of, apply, gone_message, done_message, job_arguments)

    return job_execute(
        job_id,
        body,
        progress=10,
        failure_message=_("导入时出错,未导入任何数据;请重新上传,如仍失败请联系系统管理员。"),
    )


def _execute(
    job: BackgroundJob,
    scope_of: Callable[..., Any],
    apply: Callable[..., Any],
    gone_message: str,
    done_message: str,
    job_arguments: tuple[str, ...],
) -> None:
    content = file_read(job.arguments.get("upload", ""))
    scope = scope_of(user=job.requested_by, organization=job.organization)
    if content is None or scope is None:
        job_finish(job, status=BackgroundJob.Status.FAILED, message=gone_message)
        return
    # The import is one transaction that reports nothing until it ends: the lease covers the task's time limit.
    job_progress(job, 30, lease_for=settings.CELERY_TASK_TIME_LIMIT)
    try:
        plan = apply(
            organization=job.organization,
            year=job.arguments["year"],
            content=content,
            file_name=job.file_name,
            scope=scope,
            actor=job.requested_by,
            expected_fingerprint=job.arguments["fingerprint"],
            **{name: job.arguments[name] for name in job_arguments},
        )
    except ImportInvalid as exc:
        job_finish(
            job,
            status=BackgroundJob.Status.FAILED,
            issues=[issue.as_list() for issue in exc.issues[:MAX_ISSUES_KEPT]],
            message=_("确认时重新校验发现 %(count)d 处错误,未导入任何数据。") % {"count": len(exc.issues)},
        )
    except ImportChanged:
        job_finish(
            job,
            status=BackgroundJob.Status.CHANGED,
            message=_("预览之后系统数据已发生变化,未导入任何数据;请重新上传文件,核对新的导入预览后再确认。"),
        )
    else:
        job_finish(
            job,
            summary=[[label, count] for label, count in plan.summary()],
            message=done_message % {"file": job.file_name},
        )
