"""An escalated 主动让贤 case closed through the real pages: the committee finds it on 待决事项 (and the list the panel
links to shows the same cases), decides 免职 on the case, reads back what will happen, confirms; the case is closed
with the measure and its waiting period; HR sees on the cadre's page the post ended with 免职."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from demotion.models import StepDownCase
from demotion.services.cases import stepdown_cases_escalate, stepdown_cases_open
from org.models import Appointment, SanctionRecord
from tests.browser.test_stepdown_flow import sign_in, sign_out
from tests.demotion.conftest import make_published_year
from tests.demotion.matrix_measures import seed_national_rules

pytestmark = pytest.mark.browser


def test_the_committee_closes_an_escalated_case_with_removal(page, browser_world):
    world = browser_world
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    seed_national_rules()
    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    stepdown_cases_escalate(today=datetime.date(2025, 2, 6))
    case = StepDownCase.objects.get(cadre=world.cadre)
    assert case.state == "escalated"

    sign_in(page, "committee")
    page.goto(reverse("committee_home"))
    waiting = page.locator("#panel-stepdown")
    expect(waiting).to_contain_text("张三")
    # the list the panel links to counts the same cases
    waiting_count = StepDownCase.objects.filter(state__in=["applied", "escalated"]).count()
    page.goto(reverse("demotion:case_list") + "?todo=decide")
    expect(page.locator("body")).to_contain_text("张三")
    expect(page.locator("body")).to_contain_text("李四")
    assert waiting_count == 2

    page.goto(reverse("demotion:case_detail", kwargs={"pk": case.pk}))
    form = page.locator("#form-adjust")
    form.get_by_label("组织调整方式").select_option(label="免职")
    expect(form.get_by_label("党组意见")).to_have_value("")
    form.get_by_label("党组意见").fill("经局党组会议研究,逾期未申请主动让贤,决定免去其现任职务。")
    form.get_by_label("文号").fill("测党组〔2025〕5号")
    form.get_by_role("button", name="下一步:核对").click()
    readback = page.locator("#readback")
    expect(readback).to_contain_text("将免去 张三 综合科一组组长 职务(免职),保留 一级主任科员 职级。")
    expect(readback).to_contain_text("影响期")
    assert StepDownCase.objects.get(pk=case.pk).state == "escalated"
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已决定组织调整")).to_be_visible()
    expect(page.locator("#adjustment")).to_contain_text("免职")
    expect(page.locator("#adjustment")).to_contain_text(re.compile("前不得提拔"))
    sign_out(page)

    sign_in(page, "hr")
    page.goto(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk}))
    expect(page.locator("body")).to_contain_text("免职")
    appointment = Appointment.objects.get(pk=case.appointment_id)
    assert appointment.end_reason == Appointment.EndReason.REMOVED
    assert SanctionRecord.objects.filter(cadre=world.cadre, kind="removed", document_no="测党组〔2025〕5号").exists()
    assert StepDownCase.objects.get(pk=case.pk).state == "adjusted"
    assert broken == []
