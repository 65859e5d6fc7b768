"""The XLSX export as a background job: the page enqueues, a worker writes the file, the page follows its progress
and then offers the link.

A job is a small JSON state file next to its workbook under MEDIA_ROOT, named by a random token (as uploads are,
org/roster/uploads.py): the web process and the worker share that directory already, whereas they share no cache
(the default cache lives inside each process). The state is replaced atomically, so a page never reads it half
written; a lock file claims the job, so a re-delivered task does nothing.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.exports.table import export_count, export_file_name, results_export_record, write_xlsx
from assessments.models import ResultRun
from assessments.selectors.results import run_list
from common.audit import audit_log_record
from common.residual import register_expiry
from org.models import AssessmentGroup

EXPORT_DIR = "results_exports"
EXPIRED_ACTION = "export.file_expired"
PROGRESS_STEP = 5  # per cent between two state writes
_TOKEN = re.compile(r"[0-9a-f]{32}")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("排队中")
    RUNNING = "running", gettext_lazy("生成中")
    SUCCEEDED = "succeeded", gettext_lazy("已完成")
    FAILED = "failed", gettext_lazy("失败")


FINISHED = {ExportStatus.SUCCEEDED, ExportStatus.FAILED}


@dataclass(frozen=True)
class ExportJob:
    token: str
    user_id: int
    run_id: int
    group_id: int | None
    file_name: str
    status: str
    progress: int
    rows: int
    message: str
    created_at: str
    finished_at: str | None = None

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def get_status_display(self) -> str:
        return str(ExportStatus(self.status).label)


def _directory() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR


def _path(token: str, suffix: str) -> Path:
    if not _TOKEN.fullmatch(token or ""):
        raise ValueError("bad export token")
    return _directory() / f"{token}{suffix}"


def is_token(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value or ""))


def _save(job: ExportJob) -> None:
    path = _path(job.token, ".json")
    scratch = path.with_name(f"{job.token}.{os.getpid()}.tmp")
    scratch.write_text(json.dumps(job.__dict__, ensure_ascii=False), encoding="utf-8")
    os.replace(scratch, path)


def results_export_job(*, token: str) -> ExportJob | None:
    """The job's state, or None when there is no such job (never made, or swept)."""
    if not is_token(token):
        return None
    try:
        return ExportJob(**json.loads(_path(token, ".json").read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def results_export_file(*, token: str) -> Path | None:
    """The finished workbook, or None while it is not ready (or gone)."""
    job = results_export_job(token=token)
    if job is None or job.status != ExportStatus.SUCCEEDED:
        return None
    path = _path(token, ".xlsx")
    return path if path.is_file() else None


def results_export_job_create(
    *, run: ResultRun, group: AssessmentGroup | None = None, user, enqueue: bool = True
) -> ExportJob:
    """Record the export (audited) and hand it to a worker once the surrounding transaction commits (`enqueue`
    False: the caller runs it, as the benchmark does)."""
    _sweep()
    _directory().mkdir(parents=True, exist_ok=True)
    job = ExportJob(
        token=uuid.uuid4().hex,
        user_id=user.pk,
        run_id=run.pk,
        group_id=group.pk if group else None,
        file_name=export_file_name(run=run, group=group, extension="xlsx"),
        status=ExportStatus.QUEUED,
        progress=0,
        rows=0,
        message="",
        created_at=timezone.now().isoformat(),
    )
    with transaction.atomic():
        results_export_record(actor=user, run=run, group=group, file_format="xlsx")
        _save(job)
        if enqueue:
            transaction.on_commit(lambda: results_export_task.delay(job.token))
    return job


def _claim(token: str) -> bool:
    """Once: the lock file is created exclusively. A lock older than the task time limit is a worker that died
    half way, and the job may be taken again."""
    lock = _path(token, ".lock")
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        try:
            stale = time.time() - lock.stat().st_mtime > settings.CELERY_TASK_TIME_LIMIT
        except FileNotFoundError:
            return False
        if stale:
            lock.touch()
        return stale


def _update(job: ExportJob, **fields) -> ExportJob:
    job = ExportJob(**{**job.__dict__, **fields})
    _save(job)
    return job


def results_export_job_run(*, token: str) -> ExportJob | None:
    """The job body. The rows are those the requester may see now (a scope withdrawn since the request is
    honoured). Safe to run twice."""
    job = results_export_job(token=token)
    if job is None or job.is_finished or not _claim(token):
        return None
    job = _update(job, status=ExportStatus.RUNNING, progress=1)
    user = get_user_model().objects.filter(pk=job.user_id, is_active=True).first()
    run = run_list(user=user).filter(pk=job.run_id, status=ResultRun.Status.SUCCEEDED).first() if user else None
    if run is None:
        return _update(
            job,
            status=ExportStatus.FAILED,
            progress=100,
            message=_("该考核结果已不存在或您已无权导出。"),
            finished_at=timezone.now().isoformat(),
        )
    total = export_count(run=run, user=user, group_id=job.group_id) or 1
    shown = {"progress": job.progress}

    def progress(done: int) -> None:
        percent = 90 * done // total  # the last tenth is the workbook's assembly (zipping) on close
        if percent - shown["progress"] >= PROGRESS_STEP:
            shown["progress"] = percent
            _update(job, progress=percent)

    partial = _path(token, ".xlsx.part")
    try:
        rows = write_xlsx(str(partial), run=run, user=user, group_id=job.group_id, progress=progress)
        os.replace(partial, _path(token, ".xlsx"))
    except Exception:  # the page says it failed; the worker log has the traceback
        partial.unlink(missing_ok=True)
        _update(
            job,
            status=ExportStatus.FAILED,
            progress=100,
            message=_("生成 Excel 文件时出错,请重新导出;如仍失败请联系系统管理员。"),
            finished_at=timezone.now().isoformat(),
        )
        raise
    return _update(job, status=ExportStatus.SUCCEEDED, progress=100, rows=rows, finished_at=timezone.now().isoformat())


def _sweep() -> int:
    """剩余信息保护: a job's workbook and state are deleted EXPORT_RETENTION_DAYS after the job was made (its state
    file's time), each deletion audited on the result run it was drawn from. Returns how many workbooks went."""
    directory = _directory()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - settings.EXPORT_RETENTION_DAYS * 24 * 60 * 60
    expired = 0
    for path in directory.iterdir():
        try:
            if not path.is_file() or path.stat().st_mtime >= cutoff:
                continue
        except FileNotFoundError:
            continue
        token = path.name.partition(".")[0]
        if path.suffix == ".json" and is_token(token):
            expired += _expire(token)
        elif not is_token(token) or not _path(token, ".json").exists():
            path.unlink(missing_ok=True)  # a workbook, part or lock left by a job whose state is gone
    return expired


def _expire(token: str) -> int:
    job = results_export_job(token=token)
    workbook = _path(token, ".xlsx")
    had_workbook = workbook.is_file()
    with transaction.atomic():
        for suffix in (".xlsx", ".xlsx.part", ".lock", ".json"):
            _path(token, suffix).unlink(missing_ok=True)
        if job is not None and had_workbook:
            run = ResultRun.objects.filter(pk=job.run_id).first()
            if run is not None:
                audit_log_record(
                    actor=None,
                    action=EXPIRED_ACTION,
                    subject=run,
                    after={"file_name": job.file_name, "rows": job.rows, "created_at": job.created_at},
                    reason=f"剩余信息保护:导出文件保存 {settings.EXPORT_RETENTION_DAYS} 天后已删除",
                )
    return int(had_workbook)


register_expiry("results_exports", _sweep)


@shared_task(name="assessments.results_export", acks_late=True)
def results_export_task(token: str) -> None:
    """Takes the job's token; safe to run twice (the job is claimed with a lock file)."""
    results_export_job_run(token=token)
