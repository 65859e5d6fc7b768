"""The HR and committee results pages: the year's runs and the computation form, a run's progress and summary."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Publication, ResultRun
from assessments.services.results import results_run_create, results_run_execute
from org.services import group_create
from tests.assessments.matrix_results_pages import score_everyone
from tests.factories import OrganizationFactory

HOME = "assessments:results_home"


def _body(response) -> str:
    return response.content.decode()


@pytest.fixture
def scored(scoring, world):
    """张三 80, 李四 90 on every component of every period."""
    score_everyone(scoring, [(world.cadre, "80"), (world.other_cadre, "90")])
    return scoring


def _run(world, **kwargs) -> ResultRun:
    run = results_run_create(organization=world.org, year=2025, enqueue=False, **kwargs)
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


class TestHome:
    def test_hr_computes_the_year_from_the_page_and_lands_on_the_summary(
        self, scored, world, as_persona, django_capture_on_commit_callbacks
    ):
        hr = as_persona("hr")
        # When HR asks for the whole year with a reason (the job runs on commit; Celery is eager in tests)
        with django_capture_on_commit_callbacks(execute=True):
            response = hr.post(
                reverse(HOME), {"organization": world.org.pk, "year": 2025, "group": "", "reason": "年终考核"}
            )
        # Then one run was recorded, carried out, and the user follows it on its page
        run = ResultRun.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("assessments:results_run", args=[run.pk])
        assert run.status == ResultRun.Status.SUCCEEDED and run.group is None and run.reason == "年终考核"
        assert run.requested_by == world.users["hr"]
        body = _body(hr.get(response["Location"]))
        assert 'id="results-run-summary"' in body and "科长组" in body and "hx-get" not in body
        assert reverse("assessments:results_group", args=[run.pk, world.group.pk]) in body

    def test_one_group_can_be_computed_alone(self, scored, world, as_persona):
        response = as_persona("admin").post(
            reverse(HOME), {"organization": world.org.pk, "year": 2025, "group": world.group.pk, "reason": ""}
        )
        run = ResultRun.objects.get()
        assert response.status_code == 302 and run.group == world.group
        # The job waits for the worker: the page shows it queued and polls
        body = _body(as_persona("admin").get(response["Location"]))
        assert 'id="results-run-progress"' in body and 'hx-trigger="every 2s"' in body

    def test_the_page_lists_the_years_runs_newest_first_with_who_when_why(self, scored, world, as_persona):
        _run(world, actor=world.users["hr"], reason="年终考核")
        queued = results_run_create(
            organization=world.org, year=2025, group=world.group, actor=world.users["admin"], enqueue=False
        )
        body = _body(as_persona("committee").get(reverse(HOME)))
        table = body[body.index('id="run-list"') :]
        assert table.index("第 2 版") < table.index("第 1 版")
        assert "年终考核" in table and "hr" in table and "admin" in table
        assert "排队中" in table and "已完成" in table and "当前版本" in table
        assert "全年度" in table and "科长组" in table
        assert reverse("assessments:results_run", args=[queued.pk]) in table

    def test_the_committee_reads_but_does_not_compute(self, scored, world, as_persona):
        committee = as_persona("committee")
        body = _body(committee.get(reverse(HOME)))
        assert "2025年度" in body and 'id="compute-card"' not in body
        response = committee.post(reverse(HOME), {"organization": world.org.pk, "year": 2025})
        assert response.status_code == 403 and not ResultRun.objects.exists()

    def test_hr_sees_the_form(self, scored, as_persona):
        body = _body(as_persona("hr").get(reverse(HOME)))
        assert 'id="compute-card"' in body and "开始计算" in body and "科长组" in body

    def test_only_years_with_a_scheme_are_offered(self, scored, world, as_persona):
        group_create(organization=world.org, year=2024, name="旧组")
        body = _body(as_persona("hr").get(reverse(HOME)))
        picker = body[body.index('id="f-year"') : body.index("</select>", body.index('id="f-year"'))]
        assert 'value="2025" selected' in picker and "2024" not in picker

    def test_no_scheme_is_refused_with_the_reason_and_writes_nothing(self, world, as_persona):
        hr = as_persona("hr")
        body = _body(hr.get(reverse(HOME), {"year": 2025}))
        assert 'id="no-scheme"' in body and "还没有考核方案" in body
        response = hr.post(reverse(HOME), {"organization": world.org.pk, "year": 2025, "reason": "试算"})
        assert response.status_code == 200
        assert "测试局 2025 年还没有考核方案,无法计算。" in _body(response)
        assert not ResultRun.objects.exists()

    def test_a_published_year_is_refused(self, scored, world, as_persona):
        run = _run(world)
        Publication.objects.create(organization=world.org, year=2025, run=run, state=Publication.State.PUBLISHED)
        hr = as_persona("hr")
        body = _body(hr.get(reverse(HOME)))
        assert 'id="compute-locked"' in body and "已公布,如需调整请通过申诉复核" in body
        assert 'id="publication-state"' in body
        response = hr.post(reverse(HOME), {"organization": world.org.pk, "year": 2025, "reason": "重算"})
        assert response.status_code == 200 and "已公布,如需调整请通过申诉复核" in _body(response)
        assert ResultRun.objects.count() == 1

    def test_a_group_of_another_year_is_refused(self, scored, world, as_persona):
        other = group_create(organization=world.org, year=2024, name="旧组")
        response = as_persona("hr").post(reverse(HOME), {"organization": world.org.pk, "year": 2025, "group": other.pk})
        assert response.status_code == 200 and "is-invalid" in _body(response)
        assert not ResultRun.objects.exists()

    def test_another_organization_is_not_there(self, scored, world, as_persona):
        stranger = OrganizationFactory(code="other", name="别的局")
        hr = as_persona("hr")
        assert hr.get(reverse(HOME), {"organization": stranger.pk}).status_code == 404
        assert hr.post(reverse(HOME), {"organization": stranger.pk, "year": 2025}).status_code == 404
        assert not ResultRun.objects.exists()

    def test_the_home_page_runs_a_constant_number_of_queries(
        self, scored, world, as_persona, django_assert_num_queries
    ):
        client = as_persona("committee")
        _run(world)
        client.get(reverse(HOME))  # the session is written on the first request (then once a minute at most)
        with CaptureQueriesContext(connection) as one:
            client.get(reverse(HOME))
        for _ in range(5):
            _run(world, actor=world.users["hr"])
        with django_assert_num_queries(len(one.captured_queries)):
            body = _body(client.get(reverse(HOME)))
        assert "第 6 版" in body


class TestRunPage:
    def test_a_queued_run_shows_a_progress_bar_and_polls_every_two_seconds(self, scored, world, as_persona):
        run = results_run_create(organization=world.org, year=2025, enqueue=False)
        body = _body(as_persona("committee").get(reverse("assessments:results_run", args=[run.pk])))
        assert 'id="results-run-progress"' in body and "排队中" in body
        assert f'hx-get="{reverse("assessments:results_run", args=[run.pk])}"' in body and "every 2s" in body

    def test_a_running_run_shows_its_progress_and_htmx_gets_the_fragment_only(self, scored, world, as_persona):
        run = results_run_create(organization=world.org, year=2025, enqueue=False)
        ResultRun.objects.filter(pk=run.pk).update(status=ResultRun.Status.RUNNING, progress=40)
        response = as_persona("hr").get(reverse("assessments:results_run", args=[run.pk]), HTTP_HX_REQUEST="true")
        body = _body(response)
        assert "<html" not in body and body.lstrip().startswith('<div id="results-run"')
        assert "计算中" in body and "pct-40" in body and "every 2s" in body  # the bar's width is a class (CSP)

    def test_a_finished_run_shows_the_summary_per_group_and_stops_polling(self, scored, world, as_persona):
        run = _run(world)
        response = as_persona("hr").get(reverse("assessments:results_run", args=[run.pk]), HTTP_HX_REQUEST="true")
        body = _body(response)
        assert "hx-get" not in body and 'id="results-run-summary"' in body
        row = body[body.index("科长组") :]
        # The 优秀 cell explains a zero quota below its count (set apart here to read the counts).
        assert "本组参评 2 人,按 20% 向下取整,优秀名额 0 人</div>" in row
        row = re.sub(r'<div class="small text-muted quota-zero">.*?</div>', "", row)
        cells = [c.split(">")[-1] for c in row.split("</td>")[1:10]]
        # members, ranked, bottom, boundary, vetoed, 优秀, 优秀 ties, incomplete, no grade
        assert cells == ["2", "2", "0", "0", "0", "0", "0", "0", "0"]

    def test_a_failed_run_shows_why(self, scored, world, as_persona):
        run = results_run_create(organization=world.org, year=2025, enqueue=False)
        ResultRun.objects.filter(pk=run.pk).update(status=ResultRun.Status.FAILED, progress=100, message="磁盘已满")
        body = _body(as_persona("committee").get(reverse("assessments:results_run", args=[run.pk])))
        assert 'id="results-run-failed"' in body and "磁盘已满" in body and "hx-get" not in body

    def test_a_run_of_another_organization_is_not_there(self, scored, world, as_persona):
        run = _run(world)
        stranger = OrganizationFactory(code="other", name="别的局")
        ResultRun.objects.filter(pk=run.pk).update(organization=stranger)
        assert as_persona("hr").get(reverse("assessments:results_run", args=[run.pk])).status_code == 404
        assert as_persona("admin").get(reverse("assessments:results_run", args=[run.pk])).status_code == 200
