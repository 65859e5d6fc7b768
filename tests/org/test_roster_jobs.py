import pytest

from org.models import Cadre
from org.roster.jobs import roster_job_create, roster_job_run
from org.roster.uploads import upload_save
from tests.org.test_roster import csv_bytes, row


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_job(world, content):
    token = upload_save(content=content, extension="csv")
    from org.roster import WHOLE_ORGANIZATION, roster_preview

    plan = roster_preview(
        organization=world.org, year=2025, content=content, file_name="r.csv", scope=WHOLE_ORGANIZATION
    )
    return roster_job_create(
        organization=world.org,
        year=2025,
        file_name="r.csv",
        token=token,
        extension="csv",
        fingerprint=plan.fingerprint,
        user=world.users["hr"],
        enqueue=False,
    )


def test_a_job_runs_once_however_often_its_task_is_delivered(world, media):
    # given a queued job that creates one cadre
    job = make_job(world, csv_bytes([row("N1", "周九", "综合科")]))

    # when the task runs twice (a redelivery)
    roster_job_run(job_id=job.pk)
    roster_job_run(job_id=job.pk)

    # then the cadre exists once, the job says so, and the upload is gone
    job.refresh_from_db()
    assert (job.status, job.progress) == ("succeeded", 100)
    assert Cadre.objects.filter(employee_no="N1").count() == 1
    assert not any(media.joinpath("roster_uploads").iterdir())


def test_a_job_whose_data_changed_writes_nothing_and_says_why(world, media):
    job = make_job(world, csv_bytes([row("N1", "周九", "综合科", rank="一级科员")]))
    from org.services import cadre_create

    cadre_create(organization=world.org, employee_no="N1", unit=world.unit_a, name="周九", gender="M")
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "changed" and "数据已发生变化" in job.message
    assert Cadre.objects.get(employee_no="N1").rank_grade == ""


def test_a_job_that_became_invalid_lists_its_rows(world, media):
    from org.services import unit_create

    unit_create(organization=world.org, parent=world.unit_a, name="综合组")
    job = make_job(world, csv_bytes([row("N1", "周九", "综合组")]))
    unit_create(organization=world.org, parent=world.unit_a1, name="综合组")
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "未导入任何数据" in job.message
    assert job.issues and job.issues[0][0] == 2
    assert not Cadre.objects.filter(employee_no="N1").exists()


def test_the_job_page_polls_until_finished(world, as_persona, media):
    job = make_job(world, csv_bytes([row("N1", "周九", "综合科")]))
    client = as_persona("hr")
    body = client.get(f"/org/roster/jobs/{job.pk}/").content.decode()
    assert "正在导入" in body and 'hx-trigger="every 1s"' in body
    partial = client.get(f"/org/roster/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="roster-job"' in partial
