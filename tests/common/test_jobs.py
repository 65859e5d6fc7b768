"""The one background-job model (common.jobs): a job is claimed once, even by two workers at the same moment; a job
whose worker died is found by its expired lease and failed with a reason; whatever a job raises fails it, logs the
traceback and removes its upload; its page and API are its requester's and the admin's; an import and an export run
through it end to end with their files in Django's storage, and no lock file exists anywhere."""

import datetime
import io
import subprocess
import threading
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.utils import timezone

from assessments import exports
from cadre_eval.celery import app
from common.jobs import services
from common.jobs.files import job_storage
from common.models import AuditLog, BackgroundJob
from org.models import Cadre
from org.roster import WHOLE_ORGANIZATION, roster_preview
from org.roster.jobs import roster_job_create, roster_job_run
from org.roster.uploads import STORE
from tests.assessments.conftest import scoring  # noqa: F401  (fixture)
from tests.assessments.test_results_export import run  # noqa: F401  (fixture: a computed year)
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.org.test_roster import csv_bytes, row

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _roster_job(world, content: bytes | None = None) -> BackgroundJob:
    content = content or csv_bytes([row("N1", "周九", "综合科")])
    plan = roster_preview(
        organization=world.org, year=2025, content=content, file_name="r.csv", scope=WHOLE_ORGANIZATION
    )
    return roster_job_create(
        organization=world.org,
        year=2025,
        file_name="r.csv",
        token=STORE.save(content=content, extension="csv"),
        extension="csv",
        fingerprint=plan.fingerprint,
        user=world.users["hr"],
        enqueue=False,
    )


# --- the lifecycle --------------------------------------------------------------------------------------------------


def test_a_job_is_claimed_once(world):
    job = _roster_job(world)
    assert (job.status, job.progress, job.lease_expires_at) == ("queued", 0, None)

    claimed = services.job_claim(job.pk, progress=10)

    assert claimed is not None and (claimed.status, claimed.progress) == ("running", 10)
    assert claimed.started_at is not None and claimed.lease_expires_at > timezone.now()
    assert services.job_claim(job.pk) is None  # a second delivery of the task finds it taken


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_the_same_moment_get_it_once(world):
    job = _roster_job(world)
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        barrier.wait()
        try:
            outcomes.append(services.job_claim(job.pk) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, True]


def test_progress_renews_the_lease(world, settings):
    settings.JOB_LEASE_SECONDS = 60
    job = services.job_claim(_roster_job(world).pk)
    BackgroundJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())

    assert services.job_progress(job, 40)

    job.refresh_from_db()
    assert job.progress == 40 and job.lease_expires_at > timezone.now() + datetime.timedelta(seconds=50)


def test_a_job_whose_worker_died_is_reaped_as_failed_with_a_reason_and_its_upload_removed(world, media):
    job = services.job_claim(_roster_job(world).pk)
    upload = media / job.arguments["upload"]
    assert upload.is_file()
    alive = services.job_claim(_roster_job(world).pk)

    # the worker dies: nothing renews the first job's lease
    BackgroundJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    entry = app.conf.beat_schedule["jobs-reap-dead"]
    assert app.tasks[entry["task"]].delay().get() == 1

    job.refresh_from_db()
    assert (job.status, job.progress) == ("failed", 100) and "后台进程已中断" in job.message
    assert job.finished_at is not None and not upload.exists()
    assert AuditLog.objects.get(action=services.UPLOAD_DELETED_ACTION).after["status"] == "failed"
    alive.refresh_from_db()
    assert alive.status == "running"  # a job whose lease runs is left alone
    assert services.jobs_reap_dead() == 0
    # the worker that comes back late finds the job failed and changes nothing
    assert not services.job_progress(job, 50)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("failed", 100)


def test_whatever_a_job_raises_fails_it_logs_the_traceback_and_removes_the_upload(world, media, caplog):
    job = _roster_job(world)
    upload = media / job.arguments["upload"]

    def broken(job):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        services.job_execute(job.pk, broken, failure_message="出错了")

    job.refresh_from_db()
    assert (job.status, job.message, job.lease_expires_at) == ("failed", "出错了", None)
    assert not upload.exists()
    [record] = [r for r in caplog.records if r.name == "common.jobs.services"]
    assert record.exc_info and "disk full" in str(record.exc_info[1])


# --- the page and the API -------------------------------------------------------------------------------------------


def test_the_progress_page_and_the_api_are_the_requesters_and_the_admins(world, as_persona):
    job = _roster_job(world)
    for persona, status in [("hr", 200), ("admin", 200), ("hr_other", 404), ("committee", 404), ("cadre", 403)]:
        client = as_persona(persona)
        assert client.get(f"/jobs/{job.pk}/").status_code == status, persona
        assert client.get(f"/api/jobs/{job.pk}/").status_code == status, persona
    assert as_persona("anonymous").get(f"/api/jobs/{job.pk}/").status_code == 401

    page = as_persona("hr").get(f"/jobs/{job.pk}/").content.decode()
    assert "花名册导入" in page and "排队中" in page and 'hx-trigger="every 1s"' in page
    partial = as_persona("hr").get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="background-job"') and "<html" not in partial
    assert as_persona("hr").get(f"/jobs/{job.pk}/download/").status_code == 404  # an import makes no file


def test_an_import_runs_through_the_job_model(world, as_persona, media):
    job = _roster_job(world)
    roster_job_run(job_id=job.pk)
    roster_job_run(job_id=job.pk)  # a redelivery

    job.refresh_from_db()
    assert (job.kind, job.status, job.progress) == ("roster_import", "succeeded", 100)
    assert Cadre.objects.filter(employee_no="N1").count() == 1
    assert not job_storage().exists(job.arguments["upload"])
    page = as_persona("hr").get(f"/jobs/{job.pk}/").content.decode()
    assert "已完成" in page and "新增干部 <strong>1</strong>" in page and "hx-get" not in page
    data = as_persona("hr").get(f"/api/jobs/{job.pk}/").json()
    assert data["kind"] == "roster_import" and data["kind_label"] == "花名册导入"
    assert (data["status"], data["status_label"], data["progress"], data["is_finished"]) == (
        "succeeded",
        "已完成",
        100,
        True,
    )
    assert {"label": "新增干部", "count": 1} in data["summary"]
    assert data["issues"] == [] and data["download_url"] is None


def test_a_refused_import_lists_its_rows_on_the_page_and_in_the_api(world, as_persona):
    from org.services import unit_create

    unit_create(organization=world.org, parent=world.unit_a, name="综合组")
    job = _roster_job(world, csv_bytes([row("N1", "周九", "综合组")]))
    unit_create(organization=world.org, parent=world.unit_a1, name="综合组")
    roster_job_run(job_id=job.pk)

    data = as_persona("hr").get(f"/api/jobs/{job.pk}/").json()
    assert data["status"] == "failed" and data["status_label"] == "未导入" and "未导入任何数据" in data["message"]
    assert data["issues"][0]["row"] == 2
    page = as_persona("hr").get(f"/jobs/{job.pk}/").content.decode()
    assert "row-error" in page and "未导入任何数据" in page


def test_an_export_runs_through_the_job_model_and_its_file_is_offered(run, world, as_persona, media):  # noqa: F811
    job = exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)
    assert job.kind == "results_export" and job.get_status_display() == "排队中"

    exports.results_export_task.delay(job.pk)  # a task handed the job's id
    assert exports.results_export_job_run(token=job.token) is None  # and a redelivery does nothing

    job.refresh_from_db()
    assert (job.status, job.get_status_display(), job.rows) == ("succeeded", "已完成", 2)
    client = as_persona("committee")
    data = client.get(f"/api/jobs/{job.pk}/").json()
    assert data["kind_label"] == "考核结果导出" and data["download_url"] == f"/jobs/{job.pk}/download/"
    assert 'id="background-job-download"' in client.get(f"/jobs/{job.pk}/").content.decode()
    response = client.get(data["download_url"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[c.value for c in r][2:4] for r in sheet.iter_rows(min_row=2)] == [["B001", "李四"], ["A001", "张三"]]
    assert as_persona("hr").get(data["download_url"]).status_code == 404


def test_an_export_that_breaks_is_failed_in_the_exports_words(run, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(exports.jobs, "write_xlsx", lambda *args, **kwargs: 1 / 0)
    job = exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)
    with pytest.raises(ZeroDivisionError):
        exports.results_export_job_run(token=job.token)
    job.refresh_from_db()
    assert (job.status, job.get_status_display()) == ("failed", "失败") and "生成 Excel 文件时出错" in job.message


# --- files through the storage API ----------------------------------------------------------------------------------


def test_uploads_and_workbooks_go_through_the_configured_storage(run, world, settings, media):  # noqa: F811
    # A store that is not the local disk (as S3 would be): nothing may land in MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    job = _roster_job(world)
    assert job_storage().exists(job.arguments["upload"])
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded" and not job_storage().exists(job.arguments["upload"])

    export = exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)
    exports.results_export_job_run(token=export.token)
    export.refresh_from_db()
    assert export.status == "succeeded" and job_storage().exists(export.produced_file)
    assert exports.results_export_file(token=export.token) == export.produced_file
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_no_lock_files():
    found = subprocess.run(
        ["git", "grep", "-n", "-E", "-e", "O_EXCL", "-e", r"""["'}]\.lock["']""", "--", "*.py", ":!tests/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.stdout == "", found.stdout
