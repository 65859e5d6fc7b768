"""An import's preview runs as a background job (common.imports.preview_jobs): the upload request stores the file
and hands it on without reading it; the job checks it within its time budget, and keeps what the page shows; a
refusal reaches the page with its reasons; a job that overruns or breaks fails with a reason and keeps no file; the
preview job is its requester's (and the admin's)."""

import logging

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import BackgroundJob
from org.models import Cadre
from tests.assessments.test_imports_scores import scores_csv, srow
from tests.common.import_previews import post_and_follow
from tests.org.test_roster import csv_bytes, row

ROSTER = "/org/roster/import/"
SCORES = "/assessments/imports/scores/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _data(world, content: bytes, name: str = "花名册.csv") -> dict:
    return {"action": "preview", "year": 2025, "organization": world.org.pk, "file": SimpleUploadedFile(name, content)}


def _preview_job() -> BackgroundJob:
    return BackgroundJob.objects.get(kind=BackgroundJob.Kind.IMPORT_PREVIEW)


def test_the_upload_request_does_not_read_the_file_the_job_does(
    world, as_persona, monkeypatch, django_capture_on_commit_callbacks
):
    from org.roster import applying

    calls = []
    real = applying.roster_preview

    def watched(**kwargs):
        calls.append("job")
        return real(**kwargs)

    # given a preview function that breaks whenever it is called
    monkeypatch.setattr(applying, "roster_preview", lambda **kwargs: pytest.fail("the file was read"))
    client = as_persona("hr")

    # when the roster is uploaded, with the job held back (no worker yet)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(ROSTER, _data(world, csv_bytes([row("N1", "周九", "综合科")])))

    # then the request only stored the file and queued the check, and the page says the file is being checked
    job = _preview_job()
    assert response.status_code == 302 and response["Location"] == f"{ROSTER}?check={job.pk}"
    assert job.status == "queued" and job.arguments["import"] == "roster" and len(callbacks) == 1
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "正在检查文件…" in body and 'hx-trigger="every 1s"' in body
    assert client.get(response["Location"], headers={"HX-Request": "true"}).status_code == 200

    # when the worker runs it, the job reads the file
    monkeypatch.setattr(applying, "roster_preview", watched)
    callbacks[0]()
    job.refresh_from_db()
    assert calls == ["job"] and job.status == "succeeded"
    assert job.result["preview"]["plan"]["has_changes"]

    # and the page polling it is told to reload, and then shows the preview with the confirmation form
    polled = client.get(response["Location"], headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    body = client.get(response["Location"]).content.decode()
    assert "导入预览" in body and "周九" in body and "确认导入" in body and "正在检查文件" not in body
    assert not Cadre.objects.filter(employee_no="N1").exists()


def test_the_score_upload_does_not_read_the_file_either(world, as_persona, monkeypatch):
    from assessments.imports import applying

    monkeypatch.setattr(applying, "import_preview", lambda **kwargs: pytest.fail("the file was read"))
    client = as_persona("hr")
    response = client.post(SCORES, _data(world, scores_csv([srow()]), "评分.csv"))
    assert response.status_code == 302 and _preview_job().status == "queued"


def test_a_preview_that_overruns_its_time_budget_fails_with_what_to_do(world, as_persona, media, settings):
    settings.IMPORT_PREVIEW_SECONDS = 0  # every check takes longer than none
    response = post_and_follow(as_persona("hr"), ROSTER, _data(world, csv_bytes([row("N1", "周九", "综合科")])))
    job = _preview_job()
    assert job.status == "failed" and "用时超过 0 秒" in job.message and "拆分" in job.message
    body = response.content.decode()
    assert "用时超过" in body and "确认导入" not in body and "hx-trigger" not in body
    assert _files(media) == []


def test_a_preview_stopped_by_the_workers_soft_limit_fails_with_the_same_message(world, as_persona, media, monkeypatch):
    from org.roster import applying

    def slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(applying, "roster_preview", slow)
    post_and_follow(as_persona("hr"), ROSTER, _data(world, csv_bytes([row("N1", "周九", "综合科")])))
    job = _preview_job()
    assert job.status == "failed" and "用时超过 120 秒" in job.message
    assert _files(media) == []


def test_the_job_is_handed_on_with_the_time_budget_as_its_soft_limit(world, settings, monkeypatch):
    from common.imports import preview_jobs

    sent = {}
    monkeypatch.setattr(preview_jobs.import_preview_run, "apply_async", lambda args, **options: sent.update(options))
    settings.IMPORT_PREVIEW_SECONDS = 45
    preview_jobs._Budgeted(preview_jobs.import_preview_run).delay(1)
    assert sent == {"soft_time_limit": 45, "time_limit": 75}


def test_a_preview_that_breaks_fails_with_a_reason_logs_it_and_keeps_no_file(
    world, as_persona, media, monkeypatch, caplog
):
    from org.roster import applying

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(applying, "roster_preview", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError):
        post_and_follow(as_persona("hr"), ROSTER, _data(world, csv_bytes([row("N1", "周九", "综合科")])))
    job = _preview_job()
    assert job.status == "failed" and "检查文件时出错" in job.message
    assert "boom" in caplog.text
    assert _files(media) == []


def test_a_bad_files_refusal_reaches_the_page_with_its_reasons(world, as_persona, media):
    content = csv_bytes([row("N1", "周九", "综合科", "科员", "科级", "2025-01-01"), row("N2", "吴十", "城关所")])
    response = post_and_follow(as_persona("hr"), ROSTER, _data(world, content, "bad.csv"))
    job = _preview_job()
    assert job.status == "failed" and "2 处错误" in job.message
    body = response.content.decode()
    assert "2 处错误" in body and "单位不在您的管理范围内" in body and "职务类别" in body
    assert "确认导入" not in body
    assert _files(media) == []
    # the job's own page lists the same rows
    body = as_persona("hr").get(f"/jobs/{job.pk}/").content.decode()
    assert "导入文件检查" in body and "单位不在您的管理范围内" in body


def test_another_user_cannot_see_or_confirm_the_preview_job(world, as_persona, media):
    response = post_and_follow(as_persona("hr"), ROSTER, _data(world, csv_bytes([row("N1", "周九", "综合科")])))
    job = _preview_job()
    assert response.context["preview_job"] == job.pk
    other = as_persona("hr_other")
    assert other.get(f"{ROSTER}?check={job.pk}").status_code == 404
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"{SCORES}?check={job.pk}").status_code == 404
    refused = other.post(ROSTER, {"action": "confirm", "preview": job.pk})
    assert refused.status_code in (302, 403)
    assert not BackgroundJob.objects.exclude(kind=BackgroundJob.Kind.IMPORT_PREVIEW).exists()
    # the requester's own page of another import does not show it either
    assert as_persona("hr").get(f"{SCORES}?check={job.pk}").status_code == 404
    assert as_persona("hr").get(f"{ROSTER}?check=x").status_code == 404
