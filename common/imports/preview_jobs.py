"""An import's preview as a background job (common.jobs), so that no upload holds a web worker while its file is
read and checked.

The page stores the uploaded file (common.imports.uploads) and makes an IMPORT_PREVIEW job; a worker reads the
file, plans the import with the kind's preview function, and keeps in `job.result["preview"]` what the page shows:
the plan's figures, its sections and the rows in error (JSON). The page follows the job and, once it has finished,
shows the preview and the confirmation form as before. A preview that plans changes keeps its file for the
confirmation; a file refused, a preview that plans nothing, or one that failed does not keep it (剩余信息保护).
An import small enough to be written in the request (the competition losses: recall.previews) keeps its checked rows
in the preview instead of its file, and its confirmation writes them (preview_job_apply) after checking them again.

A preview job's `arguments`: import (the kind of import, the key of the registered previewer), year, file (the
upload's storage name), token and extension (the upload's name as the page knows it), and whatever else the kind's
preview takes. A preview has a time budget (settings.IMPORT_PREVIEW_SECONDS): the worker stops one that overruns
it, and fails it with a message saying what to do.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from common.imports.issues import ImportInvalid
from common.imports.uploads import UploadStore
from common.jobs.files import file_delete, file_read
from common.jobs.services import job_create, job_execute, job_finish, job_progress
from common.models import BackgroundJob

logger = logging.getLogger(__name__)

KIND = BackgroundJob.Kind.IMPORT_PREVIEW
MAX_ISSUES_LISTED = 1000
MAX_WARNINGS_LISTED = 200

# The kind of import → its previewer: (job, file content) → (the page's preview, whether the file is kept for
# the confirmation). Each import registers its own (org.roster.previews, assessments.imports.previews,
# recall.previews).
_PREVIEWERS: dict[str, Callable[[BackgroundJob, bytes], tuple[dict, bool]]] = {}


def previewer_register(import_kind: str, previewer: Callable[[BackgroundJob, bytes], tuple[dict, bool]]) -> None:
    _PREVIEWERS[import_kind] = previewer


def preview_seconds() -> int:
    """The time budget of one preview (settings.IMPORT_PREVIEW_SECONDS)."""
    return int(getattr(settings, "IMPORT_PREVIEW_SECONDS", 120))


def overrun_message() -> str:
    return _(
        "检查该文件用时超过 %(seconds)d 秒,已停止,未导入任何数据。请将文件拆分为几个较小的文件分别导入,"
        "或删除多余的行、列和工作表后重新上传。"
    ) % {"seconds": preview_seconds()}


def plan_preview(plan: Any, *, sections: list[dict], issues: list) -> dict:
    """What the preview page reads of a plan (an import plan of any kind), as plain values."""
    scheme = getattr(plan, "scheme", None)
    preview = {
        "plan": {
            "is_valid": plan.is_valid,
            "has_changes": plan.is_valid and plan.has_changes,
            "file_name": plan.file_name,
            "row_count": plan.row_count,
            "organization": {"pk": plan.organization.pk, "name": plan.organization.name},
            "year": plan.year,
            "scheme": str(scheme) if scheme is not None else "",
            "summary": [[label, count] for label, count in plan.summary()],
            "warnings": list(getattr(plan, "warnings", []) or [])[:MAX_WARNINGS_LISTED],
            "fingerprint": plan.fingerprint if plan.is_valid else "",
        },
        "issues": [
            {"row": issue.row, "column": issue.column, "message": issue.message} for issue in issues[:MAX_ISSUES_LISTED]
        ],
        "issue_count": len(issues),
        "more_issues": max(len(issues) - MAX_ISSUES_LISTED, 0),
        "sections": sections if plan.is_valid else [],
    }
    # Lazy translations and dates become the text the page shows.
    return json.loads(json.dumps(preview, ensure_ascii=False, default=str))


class _Budgeted:
    """Hands the job to the worker with the preview's time budget as the task's soft limit."""

    def __init__(self, task: Any) -> None:
        self.task = task

    def delay(self, job_id: int) -> Any:
        seconds = preview_seconds()
        return self.task.apply_async((job_id,), soft_time_limit=seconds, time_limit=seconds + 30)


@transaction.atomic
def preview_job_start(
    *,
    import_kind: str,
    uploads: UploadStore,
    content: bytes,
    extension: str,
    organization: Any,
    year: int,
    file_name: str,
    user: AbstractBaseUser,
    **arguments: Any,
) -> BackgroundJob:
    """Store the uploaded file and hand its preview to a worker once this transaction commits."""
    token = uploads.save(content=content, extension=extension)
    return job_create(
        kind=KIND,
        task=_Budgeted(import_preview_run),
        requested_by=user,
        organization=organization,
        file_name=file_name,
        arguments={
            "import": import_kind,
            "year": year,
            "file": uploads.name_of(token=token, extension=extension),
            "token": token,
            "extension": extension,
            **arguments,
        },
    )


def preview_of(job: BackgroundJob) -> dict | None:
    """The finished preview job's preview (None: it has none: it failed, or has not finished)."""
    return job.result.get("preview") if job.is_finished else None


def preview_confirmable(job: BackgroundJob) -> bool:
    """A preview whose changes may be confirmed: it planned changes, its file (or its rows) is kept, it was not
    confirmed yet."""
    preview = preview_of(job)
    return (
        job.status == BackgroundJob.Status.SUCCEEDED
        and preview is not None
        and preview["plan"]["has_changes"]
        and not job.result.get("import_job")
        and not job.result.get("confirmed")
    )


@transaction.atomic
def preview_job_confirm(
    *, job: BackgroundJob, start_import: Callable[[BackgroundJob], BackgroundJob]
) -> BackgroundJob | None:
    """Hand the previewed file to its import job (`start_import(preview job)` makes it); once only: None when the
    preview was confirmed already or cannot be."""
    locked = BackgroundJob.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None or not preview_confirmable(locked):
        return None
    imported = start_import(locked)
    locked.result = {**locked.result, "import_job": imported.pk}
    locked.save(update_fields=["result", "updated_at"])
    return imported


def preview_job_apply(*, job: BackgroundJob, apply: Callable[[BackgroundJob], Any]) -> Any:
    """Write what the preview kept (`apply(preview job)`, for an import small enough to be written in the request:
    its rows are in the preview, and `apply` checks them again against the data as it is then); once only: None when
    the preview was confirmed already or cannot be. A confirmation refused (ImportInvalid) writes nothing, and the
    preview cannot be confirmed again either: its file is uploaded again."""
    refused: ImportInvalid | None = None
    with transaction.atomic():
        locked = BackgroundJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or not preview_confirmable(locked):
            return None
        outcome = None
        try:
            with transaction.atomic():
                outcome = apply(locked)
        except ImportInvalid as invalid:
            refused = invalid
        locked.result = {**locked.result, "confirmed": True, "refused": refused is not None}
        locked.save(update_fields=["result", "updated_at"])
    if refused is not None:
        raise refused
    return outcome


def import_preview_execute(job_id: int) -> BackgroundJob | None:
    def body(job: BackgroundJob) -> None:
        _execute(job)

    return job_execute(
        job_id,
        body,
        progress=10,
        failure_message=_("检查文件时出错,未导入任何数据;请重新上传,如仍失败请联系系统管理员。"),
    )


def _execute(job: BackgroundJob) -> None:
    name = job.arguments.get("file", "")
    keep = False
    try:
        content = file_read(name)
        previewer = _PREVIEWERS.get(job.arguments.get("import", ""))
        if content is None or previewer is None:
            job_finish(
                job,
                status=BackgroundJob.Status.FAILED,
                message=_("上传的文件已失效,请重新上传。"),
            )
            return
        budget = preview_seconds()
        if budget + 60 > int(getattr(settings, "JOB_LEASE_SECONDS", 300)):
            job_progress(job, 20, lease_for=budget + 60)
        started = time.monotonic()
        try:
            preview, keep = previewer(job, content)
        except SoftTimeLimitExceeded:
            keep = False
            job_finish(job, status=BackgroundJob.Status.FAILED, message=overrun_message())
            return
        if time.monotonic() - started > budget:
            keep = False
            job_finish(job, status=BackgroundJob.Status.FAILED, message=overrun_message())
            return
        # The job's own page and API (common.jobs) read the summary and the rows in error as every import's.
        if preview["plan"]["is_valid"]:
            job_finish(job, preview=preview, summary=preview["plan"]["summary"])
        else:
            job_finish(
                job,
                status=BackgroundJob.Status.FAILED,
                message=_("文件有 %(count)d 处错误,未导入任何数据。") % {"count": preview["issue_count"]},
                preview=preview,
                issues=[[issue["row"], issue["column"], issue["message"]] for issue in preview["issues"]],
            )
    finally:
        if not keep:
            file_delete(name)


@shared_task(name="common.import_preview_run", acks_late=True)
def import_preview_run(job_id: int) -> None:
    """Takes the job's id; safe to run twice (the job is claimed with a conditional update)."""
    import_preview_execute(job_id)


def preview_job_of(*, user: Any, pk: str, import_kinds: tuple[str, ...]) -> BackgroundJob | None:
    """The preview job `pk` (as the page sends it) of one of `import_kinds`, when `user` may follow it (its
    requester, the admin: common.jobs.selectors)."""
    from common.jobs.selectors import job_list

    if not str(pk).isdigit():
        return None
    job = job_list(user=user, kinds=(KIND,)).filter(pk=int(pk)).first()
    if job is None or job.arguments.get("import") not in import_kinds:
        return None
    return job


def preview_page_context(job: BackgroundJob) -> dict:
    """What an import page shows of its preview job: the check under way (or why it failed), or the preview and,
    when its changes may be confirmed, the confirmation form."""
    preview = preview_of(job)
    if preview is None:
        return {"preview_check": job}
    context = {"preview_check": job, **preview}
    if preview_confirmable(job):
        context["preview_job"] = job.pk
    return context
