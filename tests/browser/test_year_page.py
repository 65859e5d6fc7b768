import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.assessments.conftest import make_scoring
from tests.browser.test_two_factor import watch_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_hr_sees_a_missing_score_and_the_reminder_reaches_the_raters_inbox(page, browser_world):
    world = browser_world
    make_scoring(world)  # 2025: 王五 rates 张三 and 李四; Q1 open, nothing scored
    problems = watch_console(page)  # a refused inline script or style, a failed response
    page.on("dialog", lambda dialog: dialog.accept())

    # Given HR of 综合科 signs in: they land on where the year stands
    _sign_in(page, "hr")
    expect(page).to_have_url(re.compile(r"/overview/year/$"))
    expect(page.locator("#stages li")).to_have_count(10)
    expect(page.locator("#stage-scoring")).to_contain_text("应评 1 项,已评 0 项,缺 1 项")

    # Then the missing score of 张三 is listed, and 李四 (outside their units) is not
    missing = page.locator("#missing-table")
    expect(missing).to_contain_text("张三")
    expect(missing).to_contain_text("王五")
    expect(page.locator("body")).not_to_contain_text("李四")

    # When they remind the raters who owe scores (and confirm)
    page.locator("#remind-raters").click()

    # Then the page says one rater was reminded
    expect(page.locator("body")).to_contain_text("已向 1 名评分人发送提醒")

    # And 王五 finds the reminder in the inbox
    page.context.clear_cookies()
    _sign_in(page, "pingyi")
    expect(page).to_have_url(re.compile(r"/rater/$"))
    page.goto(reverse("notices:inbox"))
    expect(page.locator("body")).to_contain_text("2025年度考核评分尚未完成")
    assert problems == []
