"""The 竞聘落聘 import's check runs as a background job (common.imports.preview_jobs): the upload request stores the
file and hands it on without reading it; the job checks it and keeps the checked rows, and does not keep the file
(剩余信息保护); the confirmation writes the kept rows after checking them again, without reading the file; a
refusal reaches the page with its reasons; the preview is its requester's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.models import AuditLog, BackgroundJob
from org.models import Cadre
from recall.models import CompetitionLoss
from recall.services import competitions
from tests.common.import_previews import post_and_follow
from tests.recall.test_pages import _csv

GOOD = ["A001,张三,中层竞聘,2025-08-20,副科长,"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def _upload(rows=GOOD) -> dict:
    return {"action": "preview", "file": SimpleUploadedFile("落聘.csv", _csv(rows))}


def _preview_job() -> BackgroundJob:
    return BackgroundJob.objects.get(kind=BackgroundJob.Kind.IMPORT_PREVIEW)


def test_the_upload_request_does_not_read_the_file_the_job_does(
    recall_world, as_persona, monkeypatch, django_capture_on_commit_callbacks, media
):
    real = competitions.competition_losses_check
    calls = []

    def watched(**kwargs):
        calls.append("job")
        return real(**kwargs)

    monkeypatch.setattr(competitions, "competition_losses_check", lambda **kwargs: pytest.fail("the file was read"))
    monkeypatch.setattr("recall.previews.competition_losses_check", lambda **kwargs: pytest.fail("the file was read"))
    hr = as_persona("hr")
    url = reverse("recall:competition_import")

    # the upload, with the job held back (no worker yet): the file is stored, the check queued
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = hr.post(url, _upload())
    job = _preview_job()
    assert response.status_code == 302 and response["Location"] == f"{url}?check={job.pk}"
    assert job.status == "queued" and job.arguments["import"] == "recall_competition_losses" and len(callbacks) == 1
    page = hr.get(response["Location"]).content.decode()
    assert "正在检查文件…" in page and 'hx-trigger="every 1s"' in page
    assert len(_files(media)) == 1

    # the worker reads the file, keeps the checked rows, and not the file
    monkeypatch.setattr("recall.previews.competition_losses_check", watched)
    callbacks[0]()
    job.refresh_from_db()
    assert calls == ["job"] and job.status == "succeeded"
    assert [entry["values"]["工号"] for entry in job.result["preview"]["entries"]] == ["A001"]
    assert _files(media) == []
    assert hr.get(response["Location"], headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    page = hr.get(response["Location"])
    assert "确认导入" in page.content.decode() and "正在检查文件" not in page.content.decode()

    # the confirmation writes the kept rows, without reading the file, audited; once only
    monkeypatch.setattr("recall.previews.competition_losses_check", lambda **kwargs: pytest.fail("the file was read"))
    confirmed = hr.post(url, {"action": "confirm", "preview": page.context["preview_job"]})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("recall:competition_list")
    loss = CompetitionLoss.objects.get()
    assert loss.cadre.employee_no == "A001" and loss.post_sought == "副科长"
    assert AuditLog.objects.filter(action="recall.competition.import", reason="落聘.csv").count() == 1
    again = hr.post(url, {"action": "confirm", "preview": page.context["preview_job"]})
    assert again.status_code == 400 and "上传的文件已失效" in again.content.decode()
    assert CompetitionLoss.objects.count() == 1


def test_a_bad_files_reasons_reach_the_page(recall_world, as_persona, media):
    hr = as_persona("hr")
    url = reverse("recall:competition_import")
    response = post_and_follow(hr, url, _upload(["A001,张三,中层竞聘,2099-01-01,,", ",,中层竞聘,2025-08-20,,"]))
    page = response.content.decode()
    assert response.status_code == 200 and _preview_job().status == "failed"
    assert "第 2 行 [竞聘日期]:日期不能晚于今天。" in page and "第 3 行 [工号]:请填写工号。" in page
    assert "文件有 2 处错误,未导入任何数据。" in page and "确认导入" not in page
    assert not CompetitionLoss.objects.exists() and _files(media) == []


def test_a_preview_refused_on_confirmation_writes_nothing_and_cannot_be_confirmed_again(recall_world, as_persona):
    hr = as_persona("hr")
    url = reverse("recall:competition_import")
    preview = post_and_follow(hr, url, _upload()).context["preview_job"]
    # the cadre's name changed between the check and the confirmation
    Cadre.objects.filter(employee_no="A001").update(name="张三丰")
    response = hr.post(url, {"action": "confirm", "preview": preview})
    assert response.status_code == 400 and "第 2 行 [姓名]" in response.content.decode()
    assert not CompetitionLoss.objects.exists()
    Cadre.objects.filter(employee_no="A001").update(name="张三")
    assert hr.post(url, {"action": "confirm", "preview": preview}).status_code == 400
    assert not CompetitionLoss.objects.exists()


def test_another_users_preview_does_not_exist_for_him(recall_world, as_persona):
    url = reverse("recall:competition_import")
    response = post_and_follow(as_persona("hr"), url, _upload())
    job = _preview_job()
    for persona in ("hr_all", "hr_other"):
        other = as_persona(persona)
        assert other.get(f"{url}?check={job.pk}").status_code == 404
        assert other.get(f"{url}?check={job.pk}", headers={"HX-Request": "true"}).status_code == 404
        assert other.post(url, {"action": "confirm", "preview": response.context["preview_job"]}).status_code == 404
    assert not CompetitionLoss.objects.exists()
    # the admin may follow it, and not confirm it for him
    admin = as_persona("admin")
    assert admin.get(f"{url}?check={job.pk}").status_code == 200
    assert admin.post(url, {"action": "confirm", "preview": job.pk}).status_code == 400
    assert not CompetitionLoss.objects.exists()
