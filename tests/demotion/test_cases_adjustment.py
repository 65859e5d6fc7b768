"""Closing an escalated step-down case: the party group decides the organizational adjustment (免职 / 调整职务 /
降职) on the case, which records the measure with its waiting period, ends the appointment and closes the case, all
audited (沂源县市场监管局“主动让贤”制; 《推进领导干部能上能下规定》); the page reads the decision back before it is made; the committee's panel and
the list it links to count the same cases."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from common.models import AuditLog
from demotion.cases_panels import stepdown_awaiting_panel
from demotion.models import StepDownCase
from demotion.selectors.measures import waiting_periods
from demotion.services.adjustment import stepdown_case_adjust
from demotion.services.cases import stepdown_case_apply, stepdown_cases_escalate, stepdown_cases_open
from notices.models import Notice
from org.models import Appointment, SanctionRecord
from tests.conftest import client_for
from tests.demotion.conftest import make_published_year
from tests.demotion.matrix_measures import seed_national_rules
from tests.demotion.test_cases_services import refused
from tests.factories import PostFactory

PUBLISHED_ON = datetime.date(2025, 1, 24)
DEADLINE = datetime.date(2025, 2, 5)
TODAY = timezone.localdate()


@pytest.fixture
def cases(world) -> dict:
    """2024 published on 2025-01-24: 张三 and 李四 did not apply by 2025-02-05 and were escalated."""
    seed_national_rules()
    published = make_published_year(world, published_on=PUBLISHED_ON)
    stepdown_cases_open(publication_id=published.publication.pk)
    stepdown_cases_escalate(today=DEADLINE + datetime.timedelta(days=1))
    return {c.cadre.name: c for c in StepDownCase.objects.select_related("cadre", "appointment__post__unit")}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def url(case) -> str:
    return reverse("demotion:case_detail", kwargs={"pk": case.pk})


def test_the_committee_removes_the_cadre_and_the_case_closes(cases, world):
    case = cases["张三"]
    assert case.state == "escalated"
    stepdown_case_adjust(
        case=case,
        actor=world.users["committee"],
        kind="removed",
        decided_on=TODAY,
        effective_from=TODAY,
        reason="经党组会议研究,决定免去其现任职务。",
        document_no="测党组〔2025〕3号",
    )
    stored = StepDownCase.objects.get(pk=case.pk)
    assert stored.state == "adjusted" and stored.decided_by == world.users["committee"]
    assert stored.step_down_on == TODAY and stored.decision_reason == "经党组会议研究,决定免去其现任职务。"
    # the measure is recorded as the 能上能下 measure it is, with its waiting period
    measure = SanctionRecord.objects.get(cadre=world.cadre, kind="removed")
    assert stored.measure == measure and measure.category == "measure" and measure.document_no == "测党组〔2025〕3号"
    periods = waiting_periods(cadre_ids=[world.cadre.pk], on=TODAY)[world.cadre.pk]
    assert [p.record_id for p in periods] == [measure.pk] and periods[0].no_promotion_until > TODAY
    # the appointment ends, with the reason 免职; the rank grade stays
    appointment = Appointment.objects.get(pk=case.appointment_id)
    assert (appointment.end_date, appointment.end_reason) == (TODAY, "removed")
    assert not Appointment.objects.filter(cadre=world.cadre, end_date__isnull=True).exists()
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "一级主任科员"
    # all audited
    row = AuditLog.objects.get(action="demotion.stepdown.adjust", subject_id=str(case.pk))
    assert row.before["state"] == "escalated" and row.after["state"] == "adjusted" and row.after["kind"] == "removed"
    assert AuditLog.objects.filter(action="org.sanction.create", subject_id=str(measure.pk)).exists()
    assert AuditLog.objects.filter(action="org.appointment.end", subject_id=str(appointment.pk)).exists()
    told = set(Notice.objects.filter(occurrence="adjusted").values_list("recipient__username", flat=True))
    assert told == {"cadre", "hr"}


def test_an_adjustment_to_another_post_starts_it(cases, world):
    post = PostFactory(unit=world.unit_a, name="综合岗", kind="staff", is_leadership=False)
    stepdown_case_adjust(
        case=cases["张三"],
        actor=world.users["committee"],
        kind="post_adjusted",
        decided_on=TODAY,
        effective_from=TODAY,
        reason="调整职务",
        new_post=post,
    )
    assert Appointment.objects.get(pk=cases["张三"].appointment_id).end_reason == "reassigned"
    assert Appointment.objects.filter(cadre=world.cadre, post=post, end_date__isnull=True).exists()


def test_refusals_change_nothing(cases, world):
    case, committee = cases["张三"], world.users["committee"]
    ok = {"kind": "removed", "decided_on": TODAY, "effective_from": TODAY, "reason": "免职"}
    refused(stepdown_case_adjust, "只有党组(党委)可以决定组织调整", case=case, actor=world.users["hr"], **ok)
    refused(
        stepdown_case_adjust,
        "请选择组织调整方式",
        field="kind",
        case=case,
        actor=committee,
        **{**ok, "kind": "admonishment"},
    )
    refused(stepdown_case_adjust, "请填写党组意见", field="reason", case=case, actor=committee, **{**ok, "reason": " "})
    refused(
        stepdown_case_adjust,
        "决定日期不能晚于今天",
        field="decided_on",
        case=case,
        actor=committee,
        **{**ok, "decided_on": TODAY + datetime.timedelta(days=1)},
    )
    post = PostFactory(unit=world.unit_a, name="综合岗", kind="staff", is_leadership=False)
    refused(
        stepdown_case_adjust, "免职不安排新的职务", field="new_post", case=case, actor=committee, **ok, new_post=post
    )
    stepdown_case_adjust(case=case, actor=committee, **ok)
    refused(stepdown_case_adjust, "不能决定组织调整", case=StepDownCase.objects.get(pk=case.pk), actor=committee, **ok)


def test_a_case_not_escalated_cannot_be_adjusted(published, world):
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)
    refused(
        stepdown_case_adjust,
        "该事项当前状态为“待提交申请”,不能决定组织调整。",
        case=case,
        actor=world.users["committee"],
        kind="removed",
        decided_on=TODAY,
        effective_from=TODAY,
        reason="免职",
    )


def test_on_the_page_the_committee_reads_back_then_confirms(cases, world):
    case = cases["张三"]
    client = client_for(world, "committee")
    page = text(client.get(url(case)))
    assert 'value="adjust"' in page and "免职" in page and "降职" in page
    form = {"action": "adjust", "kind": "removed", "decided_on": TODAY.isoformat(), "effective_from": TODAY.isoformat()}
    # the opinion starts empty and is required
    assert "请填写党组意见。" in text(client.post(url(case), form))
    form["reason"] = "经党组会议研究,决定免职。"
    readback = text(client.post(url(case), form))
    assert "将免去 张三 综合科一组组长 职务(免职),保留 一级主任科员 职级。" in readback
    assert "影响期" in readback and 'name="confirmed"' in readback
    assert StepDownCase.objects.get(pk=case.pk).state == "escalated"
    assert not SanctionRecord.objects.exists() and not AuditLog.objects.filter(action="demotion.stepdown.adjust")
    response = client.post(url(case), {**form, "confirmed": "1"})
    assert response.status_code == 302
    assert StepDownCase.objects.get(pk=case.pk).state == "adjusted"
    done = text(client.get(url(case)))
    assert "已组织调整" in done and "前不得提拔" in done
    # the cadre's page shows the post ended with 免职
    cadre_page = text(client_for(world, "hr").get(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk})))
    assert "免职" in cadre_page


def test_the_approval_reads_back_with_an_empty_opinion(published, world):
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)
    stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请")
    client = client_for(world, "committee")
    page = client.get(url(case))
    assert page.context["forms"]["approve"]["reason"].value() in (None, "")
    form = {"action": "approve", "reason": "准予", "step_down_on": TODAY.isoformat()}
    readback = text(client.post(url(case), form))
    assert "将免去 张三 综合科一组组长 职务" in readback and "保留 一级主任科员 职级" in readback
    assert StepDownCase.objects.get(pk=case.pk).state == "applied"
    assert client.post(url(case), {**form, "confirmed": "1"}).status_code == 302
    assert StepDownCase.objects.get(pk=case.pk).state == "approved"


def test_the_committee_panel_and_its_list_count_the_same_cases(cases, world):
    request = RequestFactory().get("/")
    request.user = world.users["committee"]
    panel = stepdown_awaiting_panel(request)
    assert panel.count == 2  # both escalated, to be settled
    listed = client_for(world, "committee").get(panel.url)
    rows = [c.pk for c in listed.context["page"].object_list]
    assert sorted(rows) == sorted([cases["张三"].pk, cases["李四"].pk])
