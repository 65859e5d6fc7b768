"""Day one for a bureau, through the real pages: HR imports three cadres, prints their activation sheet (a PDF
downloaded by the browser), one of them activates with the code from it and sees their own page; HR moves a cadre
to another unit."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from org.models import Cadre
from tests.conftest import PASSWORD
from tests.org.test_roster import csv_bytes, row

pytestmark = pytest.mark.browser

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")
NEW_PASSWORD = "Chen-yi-2025!"


def sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_hr_imports_prints_a_cadre_activates_and_hr_moves_a_cadre(
    page, browser, live_server, browser_world, settings, tmp_path
):
    world = browser_world
    settings.MEDIA_ROOT = tmp_path  # the uploaded roster waits here for its job
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # HR of 综合科 imports three new cadres of 综合科一组
    sign_in(page, "hr")
    page.goto("/org/roster/import/")
    roster = tmp_path / "花名册.csv"
    roster.write_bytes(
        csv_bytes(
            [
                row("A021", "陈一", "综合科/综合科一组"),
                row("A022", "林二", "综合科/综合科一组", gender="女"),
                row("A023", "欧阳三", "综合科/综合科一组"),
            ]
        )
    )
    page.locator("input[name=file]").set_input_files(str(roster))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator("#roster-counts")).to_contain_text("新建登录账号 3")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#roster-result")).to_contain_text("新增干部 3")

    # and prints the activation sheet of 综合科一组 from the unit's page
    page.goto(f"/org/units/{world.unit_a1.pk}/")
    page.locator("#unit-actions").get_by_role("link", name="打印激活单").click()
    expect(page.locator("#sheet-eligible")).to_contain_text("陈一")
    with page.expect_download() as download:
        page.get_by_role("button", name="生成激活码并下载 PDF").click()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    for name in ("陈一", "林二", "欧阳三"):
        assert name in text
    slip = text[text.index("陈一") :]
    code = CODE.search(slip).group(0)

    # 陈一, on another browser, activates with the username and code from the sheet and lands on her own page
    cadre_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    cadre_page = cadre_context.new_page()
    cadre_page.goto("/accounts/login/")
    cadre_page.get_by_role("link", name=re.compile("用激活单上的激活码激活账号")).click()
    cadre_page.get_by_label("用户名").fill("A021")
    cadre_page.get_by_label("激活码").fill(code)
    cadre_page.locator("#id_password1").fill(NEW_PASSWORD)
    cadre_page.locator("#id_password2").fill(NEW_PASSWORD)
    cadre_page.get_by_role("button", name="激活并登录").click()
    expect(cadre_page).to_have_url(re.compile(r"/me/$"))
    expect(cadre_page.get_by_role("heading", name=re.compile("我的档案 · 陈一"))).to_be_visible()
    expect(cadre_page.locator("body")).to_contain_text("账号已激活")
    cadre_context.close()

    # HR moves 张三 from 综合科一组 up to 综合科
    page.goto(f"/org/cadres/{world.cadre.pk}/")
    page.locator("#cadre-actions").get_by_role("link", name="编辑").click()
    page.get_by_label("所在单位").select_option(label="\u3000综合科")
    page.get_by_label("变更依据").fill("工作调整")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已保存张三的信息")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("综合科")
    assert Cadre.objects.get(pk=world.cadre.pk).unit == world.unit_a
    assert broken == []
