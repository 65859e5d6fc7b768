"""The ranking export for the party committee: CSV streamed (UTF-8 with BOM), XLSX through a background job with a
progress page and a download link; formula-looking cells written as text in both; HR get their scope's rows only."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import exports
from assessments.models import Result, ResultRun, Scheme, TieDecision
from assessments.services.results import results_run_create, results_run_execute
from common.jobs import services as job_services
from common.models import AuditLog, BackgroundJob
from org.models import AssessmentGroup, RoleAssignment
from tests.assessments import matrix_results_export
from tests.assessments.conftest import make_scoring
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.conftest import PERSONAS, client_for
from tests.factories import OrganizationFactory

HEADER = [
    "年度",
    "考核组",
    "工号",
    "姓名",
    "单位",
    "职务",
    "综合得分",
    "组内排名",
    "组内人数",
    "等次",
    "等次代码",
    "后10%",
    "一票否决",
    "边界并列",
]
LI_SI = ["2025", "科长组", "B001", "李四", "城关所", "所长", "90.00", "1", "2", "称职", "2", "否", "否", "否"]
ZHANG_SAN = ["2025", "科长组", "A001", "张三", "综合科一组", "组长", "80.00", "2", "2", "称职", "2", "否", "否", "否"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run(scored, world):  # noqa: F811
    """The year computed from 王五's scores: 李四 90 first, 张三 80 second, both 称职 (2 cadres: no 优秀 place)."""
    run = results_run_create(organization=world.org, year=2025, actor=world.users["admin"])
    return results_run_execute(run_id=run.pk)


def csv_url(run, group=None) -> str:
    url = reverse("assessments:results_export_csv", kwargs={"pk": run.pk})
    return f"{url}?group={group}" if group is not None else url


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "the byte-order mark tells Excel the file is UTF-8"
    return list(csv.reader(io.StringIO(body[1:])))


def attachment_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return unquote(disposition.split("''", 1)[1])


def start_xlsx(client, run, django_capture_on_commit_callbacks, *, group=None, execute=True):
    """POST the export; with `execute` the job runs (eagerly, as the task is sent on commit)."""
    data = {"group": group} if group is not None else {}
    with django_capture_on_commit_callbacks(execute=execute):
        response = client.post(reverse("assessments:results_export_xlsx", kwargs={"pk": run.pk}), data)
    assert response.status_code == 302
    token = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("assessments:results_export_job", kwargs={"token": token})
    return token


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


# --- CSV ----------------------------------------------------------------------------------------------------------


def test_csv_has_the_columns_and_values_with_a_bom_streamed(run, as_persona):
    response = as_persona("committee").get(csv_url(run))

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert attachment_name(response) == "测试局2025年度考核结果排名-第1版.csv"
    assert read_csv(response) == [HEADER, LI_SI, ZHANG_SAN]


def test_csv_is_written_in_chunks(run, as_persona, monkeypatch):
    monkeypatch.setattr(exports.table, "CHUNK_SIZE", 1)
    response = as_persona("committee").get(csv_url(run))
    chunks = list(response.streaming_content)
    assert len(chunks) == 2  # header and 李四, then 张三
    assert chunks[1].decode("utf-8") == ",".join(ZHANG_SAN) + "\r\n"


def test_the_grade_and_bottom_set_are_as_the_committee_settled_them(run, world, as_persona):
    # Given 李四 tied at the 优秀 quota and 张三 tied at the bottom cut, both decided in by the committee
    Result.objects.filter(run=run, cadre=world.other_cadre).update(excellent_tie=True)
    Result.objects.filter(run=run, cadre=world.cadre).update(boundary_tie=True)
    for cadre, kind in [(world.other_cadre, TieDecision.Kind.EXCELLENT), (world.cadre, TieDecision.Kind.BOTTOM)]:
        TieDecision.objects.create(run=run, cadre=cadre, kind=kind, chosen=True, reason="党组会议决定")

    rows = read_csv(as_persona("committee").get(csv_url(run)))

    assert rows[1] == [
        "2025",
        "科长组",
        "B001",
        "李四",
        "城关所",
        "所长",
        "90.00",
        "1",
        "2",
        "优秀",
        "1",
        "否",
        "否",
        "否",
    ]
    assert rows[2] == [
        "2025",
        "科长组",
        "A001",
        "张三",
        "综合科一组",
        "组长",
        "80.00",
        "2",
        "2",
        "称职",
        "2",
        "是",
        "否",
        "是",
    ]


def test_no_grade_states_veto_and_incomplete_rows(run, world, as_persona):
    Result.objects.filter(run=run, cadre=world.other_cadre).update(vetoed=True, grade="3")
    Result.objects.filter(run=run, cadre=world.cadre).update(incomplete=True, composite=None, rank=None, grade="5")

    rows = read_csv(as_persona("committee").get(csv_url(run)))

    assert rows[1][3:] == ["李四", "城关所", "所长", "90.00", "1", "2", "基本称职", "3", "否", "是", "否"]
    assert rows[2][3:] == ["张三", "综合科一组", "组长", "", "", "2", "不定等次", "5", "否", "否", "否"]


def test_institutions_read_their_own_grade_names(run, as_persona):
    Scheme.objects.filter(pk=run.scheme_id).update(grade_scale=Scheme.GradeScale.INSTITUTION)
    rows = read_csv(as_persona("committee").get(csv_url(run)))
    # and the national code of the institution scale (A1517: 2B 合格)
    assert [r[9:11] for r in rows[1:]] == [["合格", "2B"], ["合格", "2B"]]


def test_the_file_is_chinese_whatever_the_page_language(run, as_persona):
    client = as_persona("committee")
    client.cookies["django_language"] = "en"
    response = client.get(csv_url(run), HTTP_ACCEPT_LANGUAGE="en")
    assert read_csv(response)[0] == HEADER


def test_formula_looking_cells_are_written_as_text_in_csv(run, world, as_persona):
    # Given names a spreadsheet would take for formulas
    world.cadre.name, world.cadre.employee_no = "=1+1", "+A001"
    world.cadre.save()
    world.other_cadre.name = "@SUM(A1)"
    world.other_cadre.save()
    AssessmentGroup.objects.filter(pk=world.group.pk).update(name="-科长组")

    rows = read_csv(as_persona("committee").get(csv_url(run)))

    assert [r[1:4] for r in rows[1:]] == [["'-科长组", "B001", "'@SUM(A1)"], ["'-科长组", "'+A001", "'=1+1"]]


@pytest.mark.parametrize(
    ("persona", "names"),
    [("admin", ["李四", "张三"]), ("committee", ["李四", "张三"]), ("hr", ["张三"]), ("hr_other", ["李四"])],
)
def test_each_reader_gets_the_rows_of_their_scope(run, as_persona, persona, names):
    rows = read_csv(as_persona(persona).get(csv_url(run)))
    assert [r[3] for r in rows[1:]] == names


@pytest.mark.parametrize(("persona", "status"), [("rater", 403), ("cadre", 403), ("norole", 403), ("anonymous", 302)])
def test_others_may_not_export(run, world, persona, status):
    assert client_for(world, persona).get(csv_url(run)).status_code == status


def test_a_run_of_another_organization_or_not_finished_is_not_found(run, world, as_persona):
    other_org = OrganizationFactory(code="other", name="其他局")
    foreign = ResultRun.objects.create(
        organization=other_org, year=2025, version=1, scheme=run.scheme, status=ResultRun.Status.SUCCEEDED
    )
    queued = results_run_create(organization=world.org, year=2025, enqueue=False)
    for persona in ("hr", "committee"):
        client = as_persona(persona)
        assert client.get(csv_url(foreign)).status_code == 404
        assert client.get(csv_url(queued)).status_code == 404
    assert as_persona("admin").get(csv_url(foreign)).status_code == 200


def test_one_group(run, world, as_persona):
    # Given 李四 counted in a second group of the year
    second = AssessmentGroup.objects.create(organization=world.org, year=2025, name="所长组")
    Result.objects.filter(run=run, cadre=world.other_cadre).update(group=second)
    client = as_persona("committee")

    response = client.get(csv_url(run, group=second.pk))
    assert attachment_name(response) == "测试局2025年度考核结果排名-所长组-第1版.csv"
    assert [r[1:4] for r in read_csv(response)[1:]] == [["所长组", "B001", "李四"]]
    # the whole year, group by group (by name)
    assert [r[1] for r in read_csv(client.get(csv_url(run)))[1:]] == ["所长组", "科长组"]

    last_year = AssessmentGroup.objects.create(organization=world.org, year=2024, name="科长组")
    for bad in (last_year.pk, 999999, "abc"):
        assert client.get(csv_url(run, group=bad)).status_code == 404


def test_exports_are_audited(run, world, as_persona, django_capture_on_commit_callbacks):
    b"".join(as_persona("hr").get(csv_url(run, group=world.group.pk)).streaming_content)
    start_xlsx(as_persona("committee"), run, django_capture_on_commit_callbacks)
    entries = AuditLog.objects.filter(action="assessments.results.export").order_by("pk")
    assert [(e.actor.username, e.after["format"], e.after["group_id"]) for e in entries] == [
        ("hr", "csv", world.group.pk),
        ("committee", "xlsx", None),
    ]


# --- XLSX ---------------------------------------------------------------------------------------------------------


def test_xlsx_job_from_progress_page_to_download(run, world, as_persona, django_capture_on_commit_callbacks):
    # Given names a spreadsheet would take for formulas, and one shaped like xlsxwriter's own rich-text markup
    world.cadre.name = "=1+1"
    world.cadre.save()
    world.other_cadre.name = "@SUM(A1)"
    world.other_cadre.save()
    client = as_persona("committee")

    token = start_xlsx(client, run, django_capture_on_commit_callbacks)

    page = client.get(reverse("assessments:results_export_job", kwargs={"token": token}))
    assert page.status_code == 200
    download = reverse("assessments:results_export_download", kwargs={"token": token})
    assert download in page.content.decode() and "hx-get" not in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert attachment_name(response) == "测试局2025年度考核结果排名-第1版.xlsx"
    sheet = read_xlsx(response)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        HEADER,
        [2025, "科长组", "B001", "@SUM(A1)", "城关所", "所长", 90, 1, 2, "称职", "2", "否", "否", "否"],
        [2025, "科长组", "A001", "=1+1", "综合科一组", "组长", 80, 2, 2, "称职", "2", "否", "否", "否"],
    ]
    for cell in (sheet["D2"], sheet["D3"]):
        # a text cell (never a formula) with Excel's quote prefix, so it stays text when edited
        assert cell.data_type == "s" and cell.quotePrefix
    assert not sheet["C2"].quotePrefix
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N3"


def test_xlsx_cells_shaped_like_markup_are_plain_text(run, world, as_persona, django_capture_on_commit_callbacks):
    world.cadre.name = "<r><t>伪造</t></r>"
    world.cadre.save()
    client = as_persona("committee")
    token = start_xlsx(client, run, django_capture_on_commit_callbacks)
    sheet = read_xlsx(client.get(reverse("assessments:results_export_download", kwargs={"token": token})))
    assert sheet["D3"].value == "<r><t>伪造</t></r>"


def test_xlsx_of_hr_holds_their_scope_and_one_group(run, world, as_persona, django_capture_on_commit_callbacks):
    client = as_persona("hr")
    token = start_xlsx(client, run, django_capture_on_commit_callbacks, group=world.group.pk)
    job = exports.results_export_job(token=token)
    assert job.file_name == "测试局2025年度考核结果排名-科长组-第1版.xlsx" and job.rows == 1
    sheet = read_xlsx(client.get(reverse("assessments:results_export_download", kwargs={"token": token})))
    assert [[c.value for c in row][2:4] for row in sheet.iter_rows(min_row=2)] == [["A001", "张三"]]


def test_the_page_follows_a_job_still_waiting(run, as_persona, django_capture_on_commit_callbacks):
    client = as_persona("committee")
    token = start_xlsx(client, run, django_capture_on_commit_callbacks, execute=False)
    url = reverse("assessments:results_export_job", kwargs={"token": token})

    page = client.get(url).content.decode()
    assert 'hx-get="' + url + '"' in page and "progress-bar" in page and "排队中" in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="results-export-job"') and "<html" not in partial
    assert client.get(reverse("assessments:results_export_download", kwargs={"token": token})).status_code == 404

    # the worker takes it; the next poll shows the link
    exports.results_export_job_run(token=token)
    assert "results-export-download" in client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_a_job_is_its_requesters(run, world, as_persona, django_capture_on_commit_callbacks):
    token = start_xlsx(as_persona("hr"), run, django_capture_on_commit_callbacks)
    for persona, status in [("hr", 200), ("admin", 200), ("hr_other", 404), ("committee", 404), ("cadre", 403)]:
        client = as_persona(persona)
        assert client.get(reverse("assessments:results_export_job", kwargs={"token": token})).status_code == status
        assert client.get(reverse("assessments:results_export_download", kwargs={"token": token})).status_code == status
    for bad in ("0" * 32, "not-a-token", "../" + token):
        assert exports.results_export_job(token=bad) is None


def test_a_job_runs_once(run, as_persona, django_capture_on_commit_callbacks, media):
    token = start_xlsx(as_persona("committee"), run, django_capture_on_commit_callbacks)
    before = (media / exports.EXPORT_DIR / f"{token}.xlsx").read_bytes()
    assert exports.results_export_job_run(token=token) is None
    assert (media / exports.EXPORT_DIR / f"{token}.xlsx").read_bytes() == before


def test_a_job_whose_requester_lost_the_role_fails_and_says_why(
    run, world, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("hr")
    token = start_xlsx(client, run, django_capture_on_commit_callbacks, execute=False)
    RoleAssignment.objects.filter(user=world.users["hr"]).delete()

    job = exports.results_export_job_run(token=token)

    assert job.status == "failed" and "无权导出" in job.message
    assert exports.results_export_file(token=token) is None
    assert (
        "无权导出" in as_persona("admin").get(reverse("assessments:results_export_job", args=[token])).content.decode()
    )


def test_a_job_that_breaks_says_so_and_leaves_no_file(
    run, as_persona, django_capture_on_commit_callbacks, monkeypatch, media
):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(exports.jobs, "write_xlsx", broken)
    with pytest.raises(OSError):  # the worker logs it (eager tasks propagate it here)
        start_xlsx(as_persona("committee"), run, django_capture_on_commit_callbacks)
    job = exports.results_export_job(token=BackgroundJob.objects.get(kind=BackgroundJob.Kind.RESULTS_EXPORT).token)
    assert job.status == "failed" and "生成 Excel 文件时出错" in job.message
    assert not list((media / exports.EXPORT_DIR).glob("*.xlsx*"))


def test_progress_is_recorded_while_writing(run, as_persona, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(exports.table, "CHUNK_SIZE", 1)
    seen = []

    def spy(module, name):  # records the job's state after each step of its life
        original = getattr(module, name)

        def recorded(*args, **kwargs):
            outcome = original(*args, **kwargs)
            seen.append(
                BackgroundJob.objects.filter(kind=BackgroundJob.Kind.RESULTS_EXPORT)
                .values_list("status", "progress")
                .get()
            )
            return outcome

        monkeypatch.setattr(module, name, recorded)

    for module, name in [(exports.jobs, "job_create"), (job_services, "job_claim")]:
        spy(module, name)
    for name in ("job_progress", "job_finish"):
        spy(exports.jobs, name)
    token = start_xlsx(as_persona("committee"), run, django_capture_on_commit_callbacks)
    assert seen == [("queued", 0), ("running", 1), ("running", 45), ("running", 90), ("succeeded", 100)]
    assert exports.results_export_job(token=token).rows == 2


def test_old_jobs_are_swept(run, world, media):
    job = exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))  # old
    exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)
    assert exports.results_export_job(token=job.token) is None


def test_xlsx_start_is_post_only(run, as_persona):
    url = reverse("assessments:results_export_xlsx", kwargs={"pk": run.pk})
    assert as_persona("committee").get(url).status_code == 405
    assert as_persona("rater").post(url).status_code == 403


# --- the page -----------------------------------------------------------------------------------------------------


def test_the_page_lists_versions_and_groups(run, world, as_persona, django_assert_num_queries):
    second = results_run_execute(run_id=results_run_create(organization=world.org, year=2025, enqueue=False).pk)
    client = as_persona("committee")
    client.get(reverse("assessments:results_export"))  # the session and the roles warm up
    # session, user, roles (cadre, assignments), runs (with their organization and group), groups; base.html's
    # unread count (the session is saved once a minute at most)
    with django_assert_num_queries(7):
        page = client.get(reverse("assessments:results_export"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("第2版") < html.index("第1版")  # newest first, and selected
    assert csv_url(second) in html and csv_url(second, group=world.group.pk) in html
    assert reverse("assessments:results_export_xlsx", kwargs={"pk": second.pk}) in html

    older = client.get(reverse("assessments:results_export") + f"?run={run.pk}").content.decode()
    assert csv_url(run) in older and csv_url(second) not in older


def test_the_page_without_results(world, as_persona):
    page = as_persona("hr").get(reverse("assessments:results_export"))
    assert page.status_code == 200 and "暂无已完成的考核结果计算" in page.content.decode()


# --- the permission matrix entries (until tests/test_permission_matrix.py wires them) ----------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_entries(world, persona):
    from tests.test_permission_matrix import FORBIDDEN_TEXT

    world.scoring = make_scoring(world)
    matrix_results_export.setup(world)
    client = client_for(world, persona)
    failures = []
    for name, (kwargs_of, expect) in matrix_results_export.ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs_of(world) if kwargs_of else None))
        if response.status_code != expect(persona):
            failures.append(f"{name}: {response.status_code}, expected {expect(persona)}")
        elif response.status_code == 200:
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
                "utf-8-sig"
            )
            failures += [f"{name} shows {text}" for text in FORBIDDEN_TEXT.get(persona, []) if text in body]
    assert not failures
