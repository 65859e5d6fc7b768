"""The HR pages of the imports: upload → preview → confirm → job page, the templates, and who may use them."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.imports.jobs import import_job_create, import_job_run
from assessments.imports.uploads import upload_save
from assessments.models import Period, PointEntry, Score, VetoEntry
from assessments.services import period_close
from common.models import BackgroundJob
from tests.assessments.test_imports_records import POINT_HEADER, VETO_HEADER, points_csv, prow
from tests.assessments.test_imports_scores import SCORE_HEADER, Imp, db_counts, preview, scores_csv, srow
from tests.common.import_previews import post_and_follow

YEAR = 2025
URLS = {"scores": "/assessments/imports/scores/", "points": "/assessments/imports/points/"}
URLS["vetoes"] = "/assessments/imports/vetoes/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def imp(world, scoring) -> Imp:
    return Imp(world, scoring)


def uploads(media) -> list:
    folder = media / "assessment_uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, content, name, *, kind="scores", org=None, year=YEAR):
    data = {"action": "preview", "year": year, "file": SimpleUploadedFile(name, content)}
    if org is not None:
        data["organization"] = org.pk
    return post_and_follow(client, URLS[kind], data)


# --- the flow ---------------------------------------------------------------------------------------------------


def test_preview_then_confirm_runs_the_job_and_the_job_page_shows_the_result(
    world, imp, as_persona, media, django_capture_on_commit_callbacks
):
    # given HR of 综合科 and a score of 张三 already entered
    imp.score(value="70")
    client = as_persona("hr")
    content = scores_csv([srow(score="85"), srow(rater="R002", score="91")])
    before = db_counts()

    # when previewed
    response = upload(client, content, "综合科评分.csv", org=world.org)

    # then the page shows the counts and the rows, keeps the file for the confirmation, and writes nothing
    body = response.content.decode()
    assert response.status_code == 200
    assert "导入预览" in body and "新增评分 <strong>1</strong>" in body and "修改评分 <strong>1</strong>" in body
    assert "未变化 <strong>0</strong>" in body and "确认导入" in body
    assert db_counts() == before
    token = response.context["preview_job"]
    assert uploads(media) == [f"{BackgroundJob.objects.get(pk=token).arguments['token']}.csv"]

    # when confirmed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URLS["scores"], {"action": "confirm", "preview": token})

    # then a job wrote the scores, as this HR user, and the file is gone
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/imports/jobs/{job.pk}/"
    assert (job.arguments["kind"], job.status, job.progress, job.requested_by) == (
        "scores",
        "succeeded",
        100,
        world.users["hr"],
    )
    assert ["新增评分", 1] in job.summary and ["修改评分", 1] in job.summary
    assert sorted(Score.objects.values_list("value", flat=True)) == [85, 91]
    assert set(Score.objects.values_list("entered_by", flat=True)) == {world.users["hr"].pk}
    assert uploads(media) == []
    body = client.get(response["Location"]).content.decode()
    assert "已导入“综合科评分.csv”" in body and "继续导入" in body
    assert "查看评分" in body and 'href="/assessments/' in body

    # and the import page lists the job among the recent ones
    body = client.get(URLS["scores"]).content.decode()
    assert "我最近的导入" in body and f"/assessments/imports/jobs/{job.pk}/" in body


def test_the_page_lists_bad_rows_and_keeps_no_file(world, imp, as_persona, media):
    content = scores_csv([srow(score="120"), srow(ratee="B001"), srow(score="85.555", ratee="X1")])
    response = upload(as_persona("hr"), content, "bad.csv", org=world.org)
    body = response.content.decode()
    assert "4 处错误" in body
    assert "超出" in body and "不在您的管理范围内" in body and "两位小数" in body
    assert "确认导入" not in body and "preview_job" not in response.context
    assert uploads(media) == []
    assert "李四" not in body


def test_a_file_that_changes_nothing_says_so_without_a_confirm_button(world, imp, as_persona, media, full_rater_view):
    # (王五 works outside HR 甲's subtree: with his identity hidden, an unchanged score of his counts as a change —
    # tests/assessments/test_rater_privacy.py)
    imp.score(value="85")
    response = upload(as_persona("hr"), scores_csv([srow(score="85")]), "same.csv", org=world.org)
    body = response.content.decode()
    assert "无需导入" in body and "确认导入" not in body
    assert uploads(media) == []


def test_the_import_job_checks_again_and_refuses_what_has_become_wrong(
    world, imp, as_persona, media, django_capture_on_commit_callbacks
):
    # given a previewed file for the first quarter
    client = as_persona("hr")
    token = upload(client, scores_csv([srow()]), "s.csv", org=world.org).context["preview_job"]

    # when the quarter is closed before the confirmation
    period_close(period=imp.q1, actor=world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URLS["scores"], {"action": "confirm", "preview": token})

    # then the import job finds the errors and writes nothing, and its page lists them
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/imports/jobs/{job.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert job.status == "failed"
    assert "确认时重新校验发现" in body and "评分已结束" in body
    assert not Score.objects.exists()
    assert uploads(media) == []


def test_the_import_job_refuses_when_the_data_changed_after_the_preview(
    world, imp, as_persona, media, django_capture_on_commit_callbacks, full_rater_view
):
    # given a previewed file that adds 张三's score
    client = as_persona("hr")
    token = upload(client, scores_csv([srow(score="85")]), "s.csv", org=world.org).context["preview_job"]

    # when the rater enters the same cell himself before the confirmation
    imp.score(value="60")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URLS["scores"], {"action": "confirm", "preview": token})

    # then the import job writes nothing and says the data changed
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert job.status == "changed" and "数据已发生变化" in job.message
    assert Score.objects.get().value == 60 and uploads(media) == []
    # and the preview cannot be confirmed a second time
    response = client.post(URLS["scores"], {"action": "confirm", "preview": token})
    assert response.status_code == 302 and response["Location"] == URLS["scores"]

    # uploading the file again shows the new preview, whose confirmation imports it
    response = upload(client, scores_csv([srow(score="85")]), "s.csv", org=world.org)
    body = response.content.decode()
    assert "修改评分 <strong>1</strong>" in body and "60" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URLS["scores"], {"action": "confirm", "preview": response.context["preview_job"]})
    assert response.status_code == 302
    assert Score.objects.get().value == 85


@pytest.mark.parametrize("token", ["", "0" * 32, "../../../etc/passwd", "a" * 32 + "/../x"])
def test_confirm_refuses_a_token_it_did_not_hand_out(world, imp, as_persona, media, token):
    before = db_counts()
    response = as_persona("hr").post(URLS["scores"], {"action": "confirm", "preview": token})
    assert response.status_code == 302 and response["Location"] == URLS["scores"]
    assert db_counts() == before and not BackgroundJob.objects.exists()


def test_a_token_from_another_session_or_another_kind_is_refused(world, imp, as_persona, media):
    client = as_persona("hr")
    token = upload(client, scores_csv([srow()]), "s.csv", org=world.org).context["preview_job"]
    assert as_persona("admin").post(URLS["scores"], {"action": "confirm", "preview": token}).status_code == 302
    assert client.post(URLS["points"], {"action": "confirm", "preview": token}).status_code == 302
    assert not BackgroundJob.objects.exclude(kind="import_preview").exists() and not Score.objects.exists()


def test_hr_cannot_choose_another_organization(world, imp, as_persona, media):
    from org.services import organization_create

    other = organization_create(code="other", name="别的局")
    response = upload(as_persona("hr"), scores_csv([srow()]), "s.csv", org=other)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Score.objects.exists()


@pytest.mark.parametrize("persona", ["cadre", "committee", "rater", "norole"])
def test_other_roles_get_403_on_the_import_pages(world, imp, as_persona, media, persona):
    client = as_persona(persona)
    before = db_counts()
    for kind, url in URLS.items():
        assert client.get(url).status_code == 403
        assert client.get(url + "?template=1").status_code == 403
        assert upload(client, scores_csv([srow()]), "s.csv", kind=kind, org=world.org).status_code == 403
    assert db_counts() == before


def test_the_import_page_preselects_the_only_organization_in_few_queries(
    world, imp, as_persona, django_assert_max_num_queries
):
    client = as_persona("hr")
    with django_assert_max_num_queries(12):
        response = client.get(URLS["points"])
    assert response.status_code == 200
    assert response.context["form"].fields["organization"].initial == world.org.pk
    assert f'href="?template=1&amp;organization={world.org.pk}&amp;year=' in response.content.decode()


def test_points_preview_and_confirm(world, imp, as_persona, media, django_capture_on_commit_callbacks):
    client = as_persona("hr_other")
    response = upload(client, points_csv([prow(no="B001")]), "加减分.csv", kind="points", org=world.org)
    body = response.content.decode()
    assert "新增加减分记录 <strong>1</strong>" in body and "待党委审批" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URLS["points"], {"action": "confirm", "preview": response.context["preview_job"]})
    assert response.status_code == 302
    entry = PointEntry.objects.get()
    assert (entry.cadre, entry.status, entry.recorded_by) == (world.other_cadre, "pending", world.users["hr_other"])
    assert "待党委审批后计入考核" in client.get(response["Location"]).content.decode()


# --- templates --------------------------------------------------------------------------------------------------


def _download(client, kind, **params):
    response = client.get(URLS[kind], {"template": "1", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_score_template_filled_in_round_trips(world, imp, as_persona, media, django_capture_on_commit_callbacks):
    # given the template downloaded for the organization and year
    client = as_persona("hr")
    workbook = _download(client, "scores", organization=world.org.pk, year=YEAR)
    assert workbook.sheetnames == ["评分", "填写说明"]
    sheet = workbook["评分"]
    assert [c.value for c in sheet[1]] == SCORE_HEADER
    assert all(c.value is None for c in sheet[2])
    assert {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation} == {"B2"}
    guide = [c.value for r in workbook["填写说明"].iter_rows() for c in r]
    assert "季度述职评议" in guide and "quarterly_review" in guide and "第一季度、第二季度、第三季度、第四季度" in guide
    assert "张三" not in guide and "A001" not in guide

    # when filled in (工号 as text, a score as a number) and uploaded
    sheet.append([YEAR, "第一季度", "季度述职评议", "R001", "A001", 88.5, "表现突出"])
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"] = (
        "2025",
        "H1",
        "half_year_review",
        "R002",
        "A001",
        "79",
    )
    response = upload(client, _save(workbook), "评分.xlsx", org=world.org)

    # then the preview shows both, and confirming writes them
    assert response.status_code == 200 and "新增评分 <strong>2</strong>" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URLS["scores"], {"action": "confirm", "preview": response.context["preview_job"]})
    assert sorted(Score.objects.values_list("period__kind", "value", "note")) == [
        (Period.Kind.H1, 79, ""),
        (Period.Kind.Q1, 88.5, "表现突出"),
    ]


@pytest.mark.parametrize(
    ("kind", "header", "catalog"), [("points", POINT_HEADER, "被通报批评"), ("vetoes", VETO_HEADER, "受到严肃问责")]
)
def test_the_record_templates_list_the_catalog_and_round_trip(world, imp, as_persona, media, kind, header, catalog):
    client = as_persona("hr")
    workbook = _download(client, kind)  # the only organization is taken
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == header and workbook.sheetnames[1] == "填写说明"
    assert catalog in [c.value for r in workbook["填写说明"].iter_rows() for c in r]
    row = (
        [YEAR, "A001", catalog, 0.5, "2025-03-15", "文件", ""]
        if kind == "points"
        else [YEAR, "A001", catalog, "2025-03-15", "文件", ""]
    )
    sheet.append(row)
    response = upload(client, _save(workbook), "t.xlsx", kind=kind, org=world.org)
    assert response.context["plan"]["is_valid"], response.context["issues"]
    assert response.context["plan"]["summary"][0][1] == 1  # new records
    assert not PointEntry.objects.exists() and not VetoEntry.objects.exists()


def test_the_template_without_a_scheme_still_downloads(world, as_persona):
    workbook = _download(as_persona("hr"), "scores", year=2030)
    assert "2030 年尚无考核方案。" in [c.value for r in workbook["填写说明"].iter_rows() for c in r]


# --- jobs -------------------------------------------------------------------------------------------------------


def make_job(world, content, *, kind="scores", user="hr"):
    token = upload_save(content=content, extension="csv")
    return import_job_create(
        kind=kind,
        organization=world.org,
        year=YEAR,
        file_name="s.csv",
        token=token,
        extension="csv",
        fingerprint=preview(world, content, kind=kind).fingerprint,
        user=world.users[user],
        enqueue=False,
    )


def test_a_job_runs_once_however_often_its_task_is_delivered(world, imp, media):
    job = make_job(world, scores_csv([srow()]))
    import_job_run(job_id=job.pk)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("succeeded", 100)
    assert Score.objects.count() == 1 and uploads(media) == []


def test_a_job_whose_data_changed_writes_nothing_and_says_why(world, imp, media):
    job = make_job(world, scores_csv([srow(score="85")]))
    imp.score(value="60")
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "changed" and "数据已发生变化" in job.message
    assert Score.objects.get().value == 60


def test_a_job_that_became_invalid_lists_its_rows(world, imp, media, as_persona):
    job = make_job(world, scores_csv([srow(), srow(rater="R002")]))
    period_close(period=imp.q1, actor=world.users["admin"])
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "2 处错误" in job.message
    assert [row[:2] for row in job.issues] == [[2, "期间"], [3, "期间"]]
    assert not Score.objects.exists()
    body = as_persona("hr").get(f"/assessments/imports/jobs/{job.pk}/").content.decode()
    assert "评分已结束" in body and "重新上传" in body


def test_a_job_whose_requester_lost_the_role_fails(world, imp, media):
    from org.models import RoleAssignment

    job = make_job(world, scores_csv([srow()]))
    RoleAssignment.objects.filter(user=world.users["hr"]).delete()
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "无权导入" in job.message
    assert not Score.objects.exists()


def test_the_job_page_polls_until_finished_and_is_its_requesters(world, imp, as_persona, media):
    job = make_job(world, scores_csv([srow()]))
    client = as_persona("hr")
    body = client.get(f"/assessments/imports/jobs/{job.pk}/").content.decode()
    assert "正在导入" in body and 'hx-trigger="every 1s"' in body
    partial = client.get(f"/assessments/imports/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="import-job"' in partial
    assert as_persona("hr_other").get(f"/assessments/imports/jobs/{job.pk}/").status_code == 404
    assert as_persona("admin").get(f"/assessments/imports/jobs/{job.pk}/").status_code == 200
