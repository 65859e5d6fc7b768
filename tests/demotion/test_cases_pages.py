"""The step-down pages: the cadre's application, the party group's decision, HR's paper application and execution,
the list with its counts, and the landing-page panels."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from common.workdays import format_date_zh
from demotion.models import StepDownCase
from demotion.services.cases import (
    stepdown_case_apply,
    stepdown_case_approve,
    stepdown_cases_escalate,
    stepdown_cases_open,
)
from org.models import Appointment
from tests.conftest import client_for
from tests.demotion.conftest import make_published_year
from tests.factories import PostFactory

TODAY = timezone.localdate()


@pytest.fixture
def case(published, world) -> StepDownCase:
    stepdown_cases_open(publication_id=published.publication.pk)
    return StepDownCase.objects.get(cadre=world.cadre)


def url(case) -> str:
    return reverse("demotion:case_detail", kwargs={"pk": case.pk})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_cadre_sees_the_deadline_and_applies_with_the_prefilled_wording(case, world):
    client = client_for(world, "cadre")
    page = text(client.get(url(case)))
    assert format_date_zh(case.deadline) in page and "还剩 3 个工作日" in page
    assert "主动辞去现任中层职务" in page and "保留职级" in page and "服从局党组安排适当工作" in page
    assert 'name="action" value="apply"' in page
    assert 'value="approve"' not in page and 'value="paper"' not in page  # only the form that fits him

    response = client.post(url(case), {"action": "apply", "text": "本人主动辞去现任中层职务,保留职级。"})
    assert response.status_code == 302
    assert StepDownCase.objects.get(pk=case.pk).state == "applied"
    page = text(client.get(url(case)))
    assert "已提交主动让贤申请" in page and "本人在线提交" in page and 'value="apply"' not in page


def test_an_english_page_writes_the_deadline_in_english(case, world):
    client = client_for(world, "cadre")
    client.cookies["django_language"] = "en"
    page = text(client.get(url(case)))
    assert case.deadline.strftime("%A, ") + str(case.deadline.day) + case.deadline.strftime(" %B %Y") in page
    assert format_date_zh(case.deadline) not in page


def test_an_empty_application_is_shown_again_with_the_error_next_to_the_field(case, world):
    response = client_for(world, "cadre").post(url(case), {"action": "apply", "text": ""})
    assert response.status_code == 200
    assert "请填写申请书内容。" in text(response) and "is-invalid" in text(response)
    assert StepDownCase.objects.get(pk=case.pk).state == "notified"


def test_after_the_deadline_the_page_says_so_and_refuses(world):
    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)
    client = client_for(world, "cadre")
    page = text(client.get(url(case)))
    assert "2025年2月5日(星期三)" in page and "已逾期" in page and 'value="apply"' not in page
    response = client.post(url(case), {"action": "apply", "text": "迟交的申请"})
    assert response.status_code == 200
    assert "申请期限已于2025年2月5日(星期三)截止" in text(response)
    assert StepDownCase.objects.get(pk=case.pk).state == "notified"


def test_the_committee_approves_on_the_page_and_the_cadres_page_shows_the_step_down(case, world):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    post = PostFactory(unit=world.unit_a, name="综合岗", kind="staff", is_leadership=False)
    client = client_for(world, "committee")
    page = text(client.get(url(case)))
    assert 'value="approve"' in page and 'value="reject"' in page
    assert "综合岗" in page  # the organization's posts to choose from

    bad = client.post(url(case), {"action": "approve", "step_down_on": "2023-03-01"})
    assert "免去职务日期须晚于任职日期" in text(bad)
    assert StepDownCase.objects.get(pk=case.pk).state == "applied"

    response = client.post(
        url(case),
        {
            "action": "approve",
            "reason": "准予",
            "step_down_on": TODAY.isoformat(),
            "new_post": post.pk,
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    stored = StepDownCase.objects.get(pk=case.pk)
    assert stored.state == "approved" and stored.new_post == post
    appointment = Appointment.objects.get(pk=case.appointment_id)
    assert appointment.end_reason == "step_down"
    # HR reads it on the cadre's own page: the post ended with 主动让贤, the rank grade kept
    cadre_page = text(client_for(world, "hr").get(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk})))
    assert "主动让贤" in cadre_page and "一级主任科员" in cadre_page


def test_the_committee_rejects_only_with_a_reason(case, world):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    client = client_for(world, "committee")
    assert "请填写不予准予的理由。" in text(client.post(url(case), {"action": "reject", "reason": ""}))
    assert client.post(url(case), {"action": "reject", "reason": "不予准予"}).status_code == 302
    assert StepDownCase.objects.get(pk=case.pk).state == "rejected"


def test_hr_records_paper_and_carries_out(case, world):
    hr = client_for(world, "hr")
    assert 'value="paper"' in text(hr.get(url(case)))
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert "申请日期不能晚于今天。" in text(hr.post(url(case), {"action": "paper", "applied_on": future}))
    assert hr.post(url(case), {"action": "paper", "applied_on": TODAY.isoformat()}).status_code == 302
    stepdown_case_approve(case=StepDownCase.objects.get(pk=case.pk), actor=world.users["committee"], step_down_on=TODAY)
    page = text(hr.get(url(case)))
    assert 'value="execute"' in page
    assert "请选择新安排的职务或填写安排的工作" in text(
        hr.post(url(case), {"action": "execute", "executed_on": TODAY.isoformat()})
    )
    response = hr.post(
        url(case), {"action": "execute", "executed_on": TODAY.isoformat(), "new_assignment": "综合文字工作"}
    )
    assert response.status_code == 302
    assert StepDownCase.objects.get(pk=case.pk).state == "executed"


def test_a_form_not_offered_is_refused_with_the_reason(case, world):
    # The committee has nothing to decide before an application
    response = client_for(world, "committee").post(url(case), {"action": "reject", "reason": "x"})
    assert "该事项当前状态为“待提交申请”" in text(response)
    # A role that may not act at all is refused outright
    assert client_for(world, "hr").post(url(case), {"action": "approve"}).status_code == 403
    assert client_for(world, "cadre").post(url(case), {"action": "nonsense"}).status_code == 400
    assert StepDownCase.objects.get(pk=case.pk).state == "notified"


def test_the_list_counts_each_state_within_ones_scope(case, world, django_assert_max_num_queries):
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    committee = text(client_for(world, "committee").get(reverse("demotion:case_list")))
    assert "张三" in committee and "李四" in committee
    assert re.search(r'data-state="applied">已提交申请 <span class="badge text-bg-light">1</span>', committee)
    assert re.search(r'data-state="notified">待提交申请 <span class="badge text-bg-light">1</span>', committee)
    hr = client_for(world, "hr")
    mine = text(hr.get(reverse("demotion:case_list")))
    assert "张三" in mine and "李四" not in mine and "城关所" not in mine
    filtered = text(hr.get(reverse("demotion:case_list") + "?state=notified&year=2024"))
    assert "张三" not in filtered
    # The query count does not grow with the rows
    with django_assert_max_num_queries(15):  # +1: the read is recorded (common.read_audit)
        hr.get(reverse("demotion:case_list"))


def test_the_panels_show_the_committee_what_waits_and_the_cadre_their_deadline(case, world):
    me = text(client_for(world, "cadre").get(reverse("me")))
    assert "主动让贤" in me and case.deadline.strftime("%Y-%m-%d") in me and "还剩 3 个工作日" in me
    home = text(client_for(world, "committee").get(reverse("committee_home")))
    assert "待决定的主动让贤事项" not in home  # nothing applied yet
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    home = text(client_for(world, "committee").get(reverse("committee_home")))
    assert "待决定的主动让贤事项" in home and "张三" in home
    mine = text(client_for(world, "cadre").get(reverse("demotion:my_cases")))
    assert "2024年度" in mine and "已提交申请" in mine


def test_an_escalated_case_is_settled_by_the_committee_on_the_case(world):
    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    stepdown_cases_escalate(today=datetime.date(2025, 2, 6))
    case = StepDownCase.objects.get(cadre=world.cadre)
    assert case.state == "escalated"
    # HR reads that the party group decides here; a measure recorded apart would leave the case open for ever
    hr_page = text(client_for(world, "hr").get(url(case)))
    assert "由党组(党委)决定后办结" in hr_page and 'value="adjust"' not in hr_page
    assert reverse("demotion:measure_create") not in hr_page
    page = text(client_for(world, "committee").get(url(case)))
    assert "已转组织调整" in page and 'value="adjust"' in page
