"""打印材料 through the real pages: the admin (organization-wide) sets the 个人总结 deadline; 李四 writes his summary
and signs his 本人意见; HR of 城关所 finds the print buttons and the form PDF holds 李四's summary and signature."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_stepdown_flow import sign_in, sign_out
from tests.conftest import PASSWORD
from tests.papers.conftest import year  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_deadline_summary_acknowledgement_and_the_printed_form(page, browser_world, year):  # noqa: F811
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on("dialog", lambda dialog: dialog.accept())

    # The admin lands on Django's admin after signing in; the papers page is the application's
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/**")
    page.goto(reverse("papers:index") + "?year=2024")
    page.get_by_label("个人总结截止日期").fill("2099-01-31")
    page.get_by_role("button", name="设置").click()
    expect(page.get_by_role("alert").filter(has_text="已设置2024年度个人总结截止日期")).to_be_visible()
    sign_out(page)

    sign_in(page, "other_cadre")
    page.goto(reverse("papers:mine") + "?year=2024")
    page.get_by_label("个人总结").fill("一年来,带领城关所完成各项任务。")
    page.get_by_role("button", name="保存个人总结").click()
    expect(page.get_by_role("alert").filter(has_text="个人总结已保存")).to_be_visible()
    page.get_by_label("本人意见").fill("无异议")
    page.get_by_role("button", name="签署本人意见").click()
    expect(page.get_by_role("alert").filter(has_text="本人意见已签署")).to_be_visible()
    sign_out(page)

    sign_in(page, "hr_other")
    page.goto(reverse("papers:index") + "?year=2024")
    expect(page.locator("#print-pack")).to_be_visible()
    row = page.locator("tr", has_text="李四")
    expect(row).to_contain_text("已网上填写")
    expect(row).to_contain_text("已签署")
    href = row.get_by_role("link", name="登记表").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text().replace(" ", "")
    assert "李四" in text and "带领城关所" in text and "网上签署" in text
    assert not broken, broken
