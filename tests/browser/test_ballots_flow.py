"""民主测评 end to end on a phone-sized screen (390×844): HR issues codes, three raters vote (one through the QR
code's link, two by typing the code), a code is refused the second time, HR closes the evaluation and prints the
result sheet with the chain's head, and `verify_ballots` agrees with it."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from ballots.models import Ballot, BallotCode
from tests.ballots.conftest import make_evaluation
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A new phone: its own cookies, as each rater has their own."""
    contexts = []

    def open_phone():
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True,
            accept_downloads=True,
        )  # fmt: skip
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def _vote(page, grades: dict) -> None:
    for name, grade in grades.items():
        card = page.locator("section.card", has_text=name)
        card.locator("label.vote-option", has_text=re.compile(f"^{grade}$")).click()
    page.get_by_role("button", name="提交选票").click()


def test_hr_issues_codes_three_raters_vote_and_the_sealed_tally_verifies(phone, browser_world):
    world = browser_world
    made = make_evaluation(world, min_ballots=3)
    evaluation = made.evaluation
    broken = []

    # HR signs in on a phone and issues three codes for 中层干部 as a list (XLSX)
    hr = phone()
    hr.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    hr.goto("/accounts/login/")
    hr.locator("#id_username").fill("hr")
    hr.locator("#id_password").fill(PASSWORD)
    hr.get_by_role("button", name="登录").click()
    hr.goto(reverse("ballots:evaluation_detail", args=[evaluation.pk]))
    hr.get_by_role("link", name="发放测评码").click()
    hr.get_by_label("参评人员类别").select_option(label="中层干部")
    hr.get_by_label("数量").fill("3")
    hr.get_by_label("XLSX(分发名单)").check()
    with hr.expect_download() as download:
        hr.get_by_role("button", name="生成并下载").click()
    # (the download's temporary file has no extension, which openpyxl insists on: read the bytes)
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    slips = [(row[4], row[5]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(slips) == 3 and BallotCode.objects.filter(state="issued").count() == 3

    # the first rater scans the QR code: the link carries the code after "#", the page fills it in
    rater = phone()
    rater.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    rater.goto(slips[0][1])
    expect(rater.locator("#id_code")).to_have_value(slips[0][0].replace("-", ""))
    assert "#code" not in rater.url  # taken out of the address bar
    rater.get_by_role("button", name="开始测评").click()
    expect(rater.get_by_text("参评身份:中层干部")).to_be_visible()
    _vote(rater, {"张三": "优秀", "王五": "称职"})
    expect(rater.get_by_text("投票成功")).to_be_visible()

    # two more raters type their codes
    vote_page = reverse("ballots:vote", kwargs={"key": evaluation.public_key})
    for code, grades in (
        (slips[1][0], {"张三": "称职", "王五": "称职"}),
        (slips[2][0], {"张三": "优秀", "王五": "基本称职"}),
    ):
        other = phone()
        other.goto(vote_page)
        other.get_by_label("测评码").fill(code.lower())
        other.get_by_role("button", name="开始测评").click()
        _vote(other, grades)
        expect(other.get_by_text("投票成功")).to_be_visible()

    # the first code, tried again on another phone, is refused
    again = phone()
    again.goto(vote_page)
    again.get_by_label("测评码").fill(slips[0][0])
    again.get_by_role("button", name="开始测评").click()
    expect(again.get_by_role("alert")).to_have_text("该测评码已经使用过,每个测评码只能投票一次。")

    # HR closes (every code is used, so before the closing time) and prints the result sheet
    hr.goto(reverse("ballots:evaluation_detail", args=[evaluation.pk]))
    expect(hr.locator("#turnout")).to_contain_text("3 / 3")
    hr.get_by_role("button", name="结束测评并计票").click()
    expect(hr.get_by_role("alert").filter(has_text="测评已结束,计票完成。")).to_be_visible()
    hr.get_by_role("link", name="测评结果").click()
    head = hr.locator("#chain-head").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", head)
    expect(hr.locator("#results-table")).to_contain_text("93.33")  # 张三: (100 + 80 + 100) / 3
    pdf = hr.context.request.get(hr.locator("#result-sheet-link").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).replace("\n", "")
    assert head in printed and "有效票总数:3" in printed

    # and the recount from the stored ballots agrees with the head on the sheet
    out = io.StringIO()
    call_command("verify_ballots", evaluation=evaluation.pk, head=head, stdout=out)
    assert "一致:选票、哈希链和测评结果均与计票时相同。" in out.getvalue()
    assert Ballot.objects.filter(evaluation=evaluation).count() == 3
    assert broken == []
