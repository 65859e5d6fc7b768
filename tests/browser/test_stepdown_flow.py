"""主动让贤 end to end through the real pages: the cadre signs in, finds the case and its deadline on 我的档案 and
submits the application; a member of the party committee approves it from 待决事项; HR opens the cadre's page and
sees the post ended with 主动让贤 and the rank grade kept."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from common.workdays import format_date_zh
from demotion.models import StepDownCase
from demotion.services.cases import stepdown_cases_open
from org.models import Appointment
from tests.conftest import PASSWORD
from tests.demotion.conftest import make_published_year

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()


def test_a_cadre_applies_the_committee_approves_and_hr_sees_the_post_ended(page, browser_world):
    world = browser_world
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    published = make_published_year(world)  # 2024, published today: 张三 and 李四 in the bottom set
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)

    # The cadre finds the case and its deadline on 我的档案, and applies
    sign_in(page, "cadre")
    page.goto(reverse("me"))
    panel = page.locator("#panel-my-stepdown")
    expect(panel).to_contain_text("还剩 3 个工作日")
    panel.get_by_role("link", name=re.compile("2024年度")).click()
    expect(page.locator("#deadline")).to_contain_text(format_date_zh(case.deadline))
    expect(page.locator("#deadline")).to_contain_text("还剩 3 个工作日")
    text = page.get_by_label("申请书内容")
    expect(text).to_have_value(re.compile("主动辞去现任中层职务.*保留职级.*服从局党组安排适当工作"))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert").filter(has_text="已提交主动让贤申请")).to_be_visible()
    sign_out(page)

    # A member of the party committee approves it from 待决事项
    sign_in(page, "committee")
    page.goto(reverse("committee_home"))
    waiting = page.locator("#panel-stepdown")
    expect(waiting).to_contain_text("张三")
    waiting.get_by_role("link", name=re.compile("张三")).click()
    page.get_by_role("button", name="准予主动让贤").click()
    # the decision is read back before it is made
    expect(page.locator("#readback")).to_contain_text("将免去 张三 综合科一组组长 职务")
    expect(page.locator("#readback")).to_contain_text("保留 一级主任科员 职级")
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已准予主动让贤")).to_be_visible()
    sign_out(page)

    # HR sees on the cadre's page the post ended with 主动让贤 and the rank grade kept
    sign_in(page, "hr")
    page.goto(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk}))
    expect(page.locator("body")).to_contain_text("主动让贤")
    expect(page.locator("body")).to_contain_text("一级主任科员")
    appointment = Appointment.objects.get(pk=case.appointment_id)
    assert appointment.end_reason == Appointment.EndReason.STEP_DOWN and appointment.end_date is not None
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "一级主任科员"
    assert StepDownCase.objects.get(pk=case.pk).state == "approved"
    assert broken == []
