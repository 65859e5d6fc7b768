"""剩余信息保护: exported workbooks expire EXPORT_RETENTION_DAYS after they were made, import previews never confirmed
after a day, both through beat's hourly task, each deletion audited."""

import datetime
import os
import time

from django.utils import timezone

from cadre_eval.celery import app
from common.models import AuditLog, BackgroundJob
from common.residual import EXPIRED_ACTION
from common.tasks import residual_expire
from tests.assessments.test_results_export import media, run  # noqa: F401  (fixtures: the file store, a computed year)
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)

DAY = 24 * 60 * 60


def _export(directory, token: str, *, result_run, user, age_days: float) -> None:
    """A finished export job of `age_days` ago, its workbook stored."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{token}.xlsx").write_bytes(b"PK workbook")
    job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.RESULTS_EXPORT,
        token=token,
        organization=result_run.organization,
        requested_by=user,
        file_name="2025年度考核结果.xlsx",
        arguments={"run_id": result_run.pk, "group_id": None},
        status="succeeded",
        progress=100,
        result={"rows": 2, "file": f"results_exports/{token}.xlsx"},
    )
    made = timezone.now() - datetime.timedelta(days=age_days)
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=made)


def test_exported_files_expire_after_the_retention_days_through_the_beat_task(world, media, settings, run):  # noqa: F811
    exports = media / "results_exports"
    old, recent = "a" * 32, "b" * 32
    _export(exports, old, result_run=run, user=world.users["committee"], age_days=settings.EXPORT_RETENTION_DAYS + 0.5)
    _export(
        exports, recent, result_run=run, user=world.users["committee"], age_days=settings.EXPORT_RETENTION_DAYS - 0.5
    )
    stale_preview = media / "roster_uploads" / f"{'c' * 32}.csv"
    stale_preview.parent.mkdir(parents=True)
    stale_preview.write_bytes(b"employee_no\n")
    os.utime(stale_preview, (time.time() - 2 * DAY,) * 2)

    # when beat's hourly task runs (it is in the schedule, under the name the worker knows)
    entry = settings.CELERY_BEAT_SCHEDULE["residual-expire"]
    assert entry["task"] == residual_expire.name and entry["schedule"] <= 60 * 60
    counts = app.tasks[entry["task"]].delay().get()

    # then the export older than the retention period is gone, the younger one kept, and the stale preview gone
    assert counts == {
        "results_exports": 1,
        "uploads:assessment_uploads": 0,
        "uploads:recall_competitions": 0,
        "uploads:roster_uploads": 1,
    }
    assert sorted(path.name for path in exports.iterdir()) == [f"{recent}.xlsx"]
    assert list(
        BackgroundJob.objects.filter(kind=BackgroundJob.Kind.RESULTS_EXPORT).values_list("token", flat=True)
    ) == [recent]
    assert not stale_preview.exists()
    expired = AuditLog.objects.get(action="export.file_expired")
    assert (expired.subject_id, expired.after["file_name"]) == (str(run.pk), "2025年度考核结果.xlsx")
    swept = AuditLog.objects.get(action=EXPIRED_ACTION)
    assert swept.after == {"kind": "uploads:roster_uploads", "files": 1, "max_age_hours": 24}
    # and a second run finds nothing more to delete, and writes nothing
    assert sum(residual_expire.delay().get().values()) == 0
    assert AuditLog.objects.filter(action__in=["export.file_expired", EXPIRED_ACTION]).count() == 2


def test_beat_keeps_the_hourly_deletion_in_its_database_schedule(transactional_db):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    # What `celery beat` does at start: the declared schedule into its tables (it closes stale connections, hence
    # transactional_db).
    DatabaseScheduler(app=app)
    entry = PeriodicTask.objects.select_related("interval").get(name="residual-expire")
    assert (entry.task, entry.enabled, entry.interval.every, entry.interval.period) == (
        "common.residual_expire",
        True,
        3600,
        "seconds",
    )
