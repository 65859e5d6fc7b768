"""The XLSX export as a background job (common.jobs): the page enqueues, a worker writes the file, the page follows
its progress and then offers the link.

The job is a common.models.BackgroundJob row of kind `results_export`, named on the page by its random token; its
arguments are the result run and the group, its result the row count and the workbook's storage name. The
workbook is written to a scratch file on the worker and then stored through Django's storage API (common.jobs.files),
so the web process that serves it may run on another host. The worker claims the job with a conditional UPDATE on
the row, so a re-delivered task does nothing.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.exports.table import export_count, export_file_name, results_export_record, write_xlsx
from assessments.models import ResultRun
from assessments.selectors.results import run_list
from common.audit import audit_log_record
from common.jobs.files import file_delete, file_save, folder_files, job_storage
from common.jobs.services import job_create, job_execute, job_finish, job_progress
from common.models import BackgroundJob
from common.residual import register_expiry
from org.models import AssessmentGroup

EXPORT_DIR = "results_exports"
EXPIRED_ACTION = "export.file_expired"
PROGRESS_STEP = 5  # per cent between two progress writes
KIND = BackgroundJob.Kind.RESULTS_EXPORT
_TOKEN = re.compile(r"[0-9a-f]{32}")

# The states an export shows (an export's words: 生成中, 失败; BackgroundJob.get_status_display).
ExportStatus = BackgroundJob.Status
ExportJob = BackgroundJob


def is_token(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value or ""))


def results_export_job(*, token: str) -> BackgroundJob | None:
    """The job, or None when there is no such job (never made, or swept)."""
    if not is_token(token):
        return None
    return BackgroundJob.objects.filter(kind=KIND, token=token).select_related("organization").first()


def results_export_file(*, token: str) -> str | None:
    """The finished workbook's storage name, or None while it is not ready (or gone)."""
    job = results_export_job(token=token)
    if job is None or job.status != BackgroundJob.Status.SUCCEEDED or not job.produced_file:
        return None
    return job.produced_file if job_storage().exists(job.produced_file) else None


def results_export_job_create(
    *, run: ResultRun, group: AssessmentGroup | None = None, user: AbstractBaseUser, enqueue: bool = True
) -> BackgroundJob:
    """Record the export (audited) and hand it to a worker once the surrounding transaction commits (`enqueue`
    False: the caller runs it, as the benchmark does)."""
    _sweep()
    with transaction.atomic():
        results_export_record(actor=user, run=run, group=group, file_format="xlsx")
        job = job_create(
            kind=KIND,
            requested_by=user,
            organization=run.organization,
            file_name=export_file_name(run=run, group=group, extension="xlsx"),
            arguments={"run_id": run.pk, "group_id": group.pk if group else None},
            task=results_export_task if enqueue else None,
        )
    return job


def _by_token(token: str) -> int | None:
    if not is_token(token):
        return None
    return BackgroundJob.objects.filter(kind=KIND, token=token).values_list("pk", flat=True).first()


def results_export_job_run(*, token: str) -> BackgroundJob | None:
    """The job body. The rows are those the requester may see now (a scope withdrawn since the request is
    honoured). Safe to run twice: None when the job was taken already."""
    job_id = _by_token(token)
    if job_id is None:
        return None
    return job_execute(
        job_id,
        _write,
        progress=1,
        failure_message=_("生成 Excel 文件时出错,请重新导出;如仍失败请联系系统管理员。"),
    )


def _write(job: BackgroundJob) -> None:
    user = get_user_model().objects.filter(pk=job.requested_by_id, is_active=True).first()
    runs = run_list(user=user) if user else ResultRun.objects.none()
    run = runs.filter(pk=job.run_id, status=ResultRun.Status.SUCCEEDED).first()
    if run is None:
        job_finish(job, status=BackgroundJob.Status.FAILED, message=_("该考核结果已不存在或您已无权导出。"))
        return
    total = export_count(run=run, user=user, group_id=job.group_id) or 1

    def progress(done: int) -> None:
        percent = 90 * done // total  # the last tenth is the workbook's assembly (zipping) on close
        if percent - job.progress >= PROGRESS_STEP:
            job_progress(job, percent)

    with tempfile.TemporaryDirectory(prefix="results-export-") as scratch:
        partial = os.path.join(scratch, f"{job.token}.xlsx")
        rows = write_xlsx(partial, run=run, user=user, group_id=job.group_id, progress=progress)
        with open(partial, "rb") as handle:
            name = file_save(name=f"{EXPORT_DIR}/{job.token}.xlsx", content=File(handle))
    job_finish(job, rows=rows, file=name)


def _sweep() -> int:
    """剩余信息保护: a job's workbook and the job itself are deleted EXPORT_RETENTION_DAYS after the job was made,
    each deletion of a workbook audited on the result run it was drawn from. Returns how many workbooks went."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    expired = sum(_expire(job) for job in BackgroundJob.objects.filter(kind=KIND, created_at__lt=cutoff))
    known = set(BackgroundJob.objects.filter(kind=KIND).values_list("token", flat=True))
    for name in folder_files(EXPORT_DIR):
        if name.rpartition("/")[2].partition(".")[0] not in known:
            file_delete(name)  # a workbook left by a job that is gone
    return expired


def _expire(job: BackgroundJob) -> int:
    had_workbook = file_delete(job.produced_file)
    with transaction.atomic():
        run = ResultRun.objects.filter(pk=job.run_id).first() if had_workbook else None
        if run is not None:
            audit_log_record(
                actor=None,
                action=EXPIRED_ACTION,
                subject=run,
                after={"file_name": job.file_name, "rows": job.rows, "created_at": job.created_at.isoformat()},
                reason=f"剩余信息保护:导出文件保存 {settings.EXPORT_RETENTION_DAYS} 天后已删除",
            )
        BackgroundJob.objects.filter(pk=job.pk).delete()
    return int(had_workbook)


register_expiry("results_exports", _sweep)


@shared_task(name="assessments.results_export", acks_late=True)
def results_export_task(token: str | int) -> None:
    """Takes the job's token (or id); safe to run twice (the job is claimed with a conditional update)."""
    if isinstance(token, int):
        token = BackgroundJob.objects.filter(pk=token).values_list("token", flat=True).first() or ""
    results_export_job_run(token=token)
