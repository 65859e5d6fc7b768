"""The year's results end to end through the real pages: HR computes, the party committee settles the ties and
confirms, HR tries a back-dated 公示 and is refused, posts the 优秀 candidates from the confirmation day, is refused
publication while the posting runs and publishes once its five working days are over, the cadre reads their result,
the committee downloads the CSV.

The world is the `tied` one (tests/assessments/matrix_results_workflow.py): 科长组 of 12, three cadres tied across
the bottom cut for two places, two tied at the 优秀 quota for one.
"""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Period, Publication, Result, ResultRun, TieDecision
from assessments.services.publication import PUBLISHED_NOTICE_KIND
from common.workdays import add_working_days, format_date_zh
from notices.models import Notice
from tests.assessments.conftest import make_scoring
from tests.assessments.matrix_results_workflow import build_tied
from tests.assessments.test_api_support import make_hr_all
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BOM = b"\xef\xbb\xbf"
CSV_HEADER = "年度,考核组,工号,姓名,单位,职务,综合得分,组内排名,组内人数,等次,等次代码,后10%,一票否决,边界并列"


@pytest.fixture
def tied_world(browser_world):
    world = browser_world
    tied = build_tied(world, make_scoring(world))
    # build_tied computes a first version; here HR computes the year through the page, so the year starts bare.
    ResultRun.objects.filter(pk=tied.run.pk).delete()
    # Posting and publication are for HR of the whole organization (the world's HR users hold subtrees).
    hr_all = make_hr_all(world)
    hr_all.set_password(PASSWORD)
    hr_all.save()
    return world, tied


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()


def open_menu(page, menu, item):
    nav = page.locator("#mainnav")
    nav.get_by_role("button", name=menu, exact=True).click()
    nav.get_by_role("link", name=item, exact=True).click()


def open_settlement(page):
    """From the results home page, the newest run, then its 确认与公布 page."""
    open_menu(page, "考核", "年度考核结果")
    page.locator("#run-list").get_by_role("link", name="查看").first.click()
    page.get_by_role("link", name="确认与公布").click()
    expect(page.get_by_role("heading", name=re.compile("确认与公布"))).to_be_visible()


def decide(page, card, names, reason):
    for name in names:
        card.get_by_label(name, exact=True).check()
    card.get_by_label("裁定理由").fill(reason)
    card.get_by_role("button", name="保存裁定").click()
    expect(page.get_by_role("alert").filter(has_text="已记录党组(党委)的裁定。")).to_be_visible()


def test_a_year_is_computed_settled_posted_published_read_and_exported(page, tied_world):
    world, tied = tied_world
    group = world.group
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # --- HR computes the year -------------------------------------------------------------------------------------
    sign_in(page, "hr")
    open_menu(page, "考核", "年度考核结果")
    expect(page.get_by_role("heading", name="年度考核结果")).to_be_visible()
    expect(page.locator("#run-list")).to_contain_text("本年度尚未计算考核结果。")
    page.get_by_label("计算原因").fill("年终考核")
    page.get_by_role("button", name="开始计算").click()

    # The progress page turns into the per-group summary (at once here: the live server runs Celery eagerly)
    expect(page).to_have_url(re.compile(r"/results/runs/\d+/$"))
    expect(page.get_by_role("alert").filter(has_text="已开始计算")).to_be_visible()
    summary = page.locator("#results-run-summary")
    expect(summary).to_contain_text("计算完成")
    row = summary.locator("tbody tr", has_text="科长组")
    # 考核组, 人数, 参加排名, 后10%, 边界并列, 一票否决, 优秀, 优秀名额边界并列, 评分不完整, 不定等次/不进行考核
    expect(row.locator("td")).to_have_text(["科长组", "12", "12", "1", "3", "1", "1", "2", "0", "0", "排名表"])
    run = ResultRun.objects.get()
    assert run.status == ResultRun.Status.SUCCEEDED and run.version == 1 and run.reason == "年终考核"

    # HR opens the group's ranking table: only the rows of their units (综合科), ties and the veto flagged
    row.get_by_role("link", name="排名表").click()
    expect(page.get_by_role("heading", name=re.compile("科长组"))).to_be_visible()
    table = page.locator("#results-table")
    expect(table.locator("tbody tr")).to_have_count(6)
    zhang = table.locator("tbody tr", has_text="张三")
    expect(zhang).to_contain_text("60.00")
    expect(zhang).to_contain_text("边界并列")
    expect(table.locator("tbody tr", has_text="郑七")).to_contain_text("一票否决")
    expect(table).not_to_contain_text("李四")
    sign_out(page)

    # --- the committee decides the ties and confirms ------------------------------------------------------------
    sign_in(page, "committee")
    open_settlement(page)
    expect(page.locator("#publication-state")).to_have_text("待党组(党委)确认")
    confirm_card = page.locator("#confirm-card")
    expect(confirm_card).to_contain_text("还有 5 名边界并列的干部未裁定")

    bottom = page.locator(f"#ties-bottom-{group.pk}")
    expect(bottom).to_contain_text("须从 3 名并列干部中确定 2 人列入后10%")
    decide(page, bottom, ["张三", "钱二"], "党组会议研究决定")
    bottom = page.locator(f"#ties-bottom-{group.pk}")
    expect(bottom).to_contain_text("已裁定 3/3")

    excellent = page.locator(f"#ties-excellent-{group.pk}")
    expect(excellent).to_contain_text("优秀名额还剩 1 个")
    decide(page, excellent, ["周五"], "党组会议研究决定")
    expect(page.locator(f"#ties-excellent-{group.pk}")).to_contain_text("已裁定 2/2")

    page.locator("#confirm-card").get_by_role("button", name="确认本版本结果").click()
    expect(page.get_by_role("alert").filter(has_text="已确认第1版考核结果。")).to_be_visible()
    expect(page.locator("#publication-state")).to_have_text("党组已确认")
    expect(page.locator("#confirm-card")).to_have_count(0)
    expect(page.locator("#candidates")).to_contain_text("周五")
    sign_out(page)

    # --- HR posts the 优秀 candidates and publishes -------------------------------------------------------------
    confirmed_on = timezone.localdate()
    sign_in(page, "hr_all")
    open_settlement(page)
    # a posting back-dated before the committee's confirmation is refused on its date, and nothing changes
    publish_card = page.locator("#publish-card")
    publish_card.get_by_label("公示开始日期").fill((confirmed_on - datetime.timedelta(days=7)).isoformat())
    publish_card.get_by_role("button", name="开始公示优秀人选").click()
    expect(page.locator("body")).to_contain_text("公示开始日期不能早于党组(党委)确认结果的日期")
    assert Publication.objects.get(organization=world.org, year=2025).state == Publication.State.CONFIRMED

    # posted from the confirmation day, it lasts five working days
    open_settlement(page)
    publish_card = page.locator("#publish-card")
    publish_card.get_by_label("公示开始日期").fill(confirmed_on.isoformat())
    publish_card.get_by_role("button", name="开始公示优秀人选").click()
    ends = add_working_days(confirmed_on, 5)
    expect(page.get_by_role("alert").filter(has_text=f"公示至{format_date_zh(ends)}截止")).to_be_visible()
    expect(page.locator("#publication-state")).to_have_text("优秀人选公示中")
    expect(page.locator("#workflow-state")).to_contain_text(
        f"{format_date_zh(confirmed_on)}起,至{format_date_zh(ends)}截止"
    )
    # publishing while the posting runs is refused
    page.locator("#publish-card").get_by_role("button", name="公布考核结果").click()
    expect(page.locator("body")).to_contain_text(f"优秀人选公示到{format_date_zh(ends)}截止,公布日期须在公示期满之后")
    assert Publication.objects.get(organization=world.org, year=2025).state == Publication.State.POSTED
    sign_out(page)

    # the day after the posting ends, HR publishes
    today = ends + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9, 30)).astimezone(), tick=True):
        sign_in(page, "hr_all")
        open_settlement(page)
        publish_card = page.locator("#publish-card")
        expect(publish_card.get_by_label("公布日期")).to_have_value(today.isoformat())
        publish_card.get_by_role("button", name="公布考核结果").click()
        expect(page.get_by_role("alert").filter(has_text="2025年度考核结果已公布")).to_be_visible()
        expect(page.locator("#publication-state")).to_have_text("已公布")
        expect(page.locator("#workflow-state")).to_contain_text(format_date_zh(today))
        expect(page.locator("#publish-card")).to_have_count(0)
        sign_out(page)

    # --- the cadre reads their result ---------------------------------------------------------------------------
    sign_in(page, "cadre")
    page.locator("#mainnav").get_by_role("link", name="我的考核结果").click()
    expect(page.get_by_role("heading", name="我的考核结果")).to_be_visible()
    year_row = page.locator("#results-history tbody tr", has_text="2025年度")
    expect(year_row.locator("td")).to_have_text(
        ["2025年度", "科长组", "60.00", "第 9 名 / 共 12 人", "基本称职", re.compile(".*")]
    )
    expect(year_row.locator("[data-grade='3']")).to_have_text("基本称职")
    year_card = page.locator("#year-2025")
    expect(year_card).to_contain_text(f"公布日期 {today.isoformat()}")
    expect(year_card).to_contain_text("与他人并列于末位比例边界,党组决定列入后10%")
    expect(year_card.locator("dd").nth(2)).to_contain_text("是")
    sign_out(page)

    # --- the committee downloads the CSV ------------------------------------------------------------------------
    sign_in(page, "committee")
    open_menu(page, "考核", "考核结果导出")
    whole_year = page.locator("#results-export-table tbody tr", has_text="2025年度全部考核组")
    with page.expect_download() as caught:
        whole_year.get_by_role("link", name="CSV").click()
    download = caught.value
    assert download.suggested_filename == "测试局2025年度考核结果排名-第1版.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(BOM)
    lines = body[len(BOM) :].decode("utf-8").splitlines()
    assert lines[0] == CSV_HEADER
    assert len(lines) == 13
    rows = {row["姓名"]: row for row in csv.DictReader(io.StringIO("\n".join(lines)))}
    zhang, zhou = rows["张三"], rows["周五"]
    assert [zhang[c] for c in ("综合得分", "组内排名", "组内人数", "等次", "等次代码", "后10%", "边界并列")] == [
        "60.00", "9", "12", "基本称职", "3", "是", "是",
    ]  # fmt: skip
    assert [zhou[c] for c in ("综合得分", "组内排名", "等次", "等次代码", "后10%")] == ["90.00", "2", "优秀", "1", "否"]

    # --- and the database says the same -------------------------------------------------------------------------
    publication = Publication.objects.get(organization=world.org, year=2025)
    assert publication.state == Publication.State.PUBLISHED
    assert publication.run_id == run.pk
    assert publication.confirmed_by == world.users["committee"]
    assert (publication.posted_on, publication.posting_ends_on) == (confirmed_on, ends)
    assert publication.published_on == today and publication.published_by.username == "hr_all"
    chosen = TieDecision.objects.filter(run=run, chosen=True)
    assert {(d.cadre.name, d.kind) for d in chosen} == {("张三", "bottom"), ("钱二", "bottom"), ("周五", "excellent")}
    assert TieDecision.objects.filter(run=run).count() == 5
    assert Result.objects.filter(run=run).count() == 12
    assert Notice.objects.filter(kind=PUBLISHED_NOTICE_KIND).count() == 11  # every cadre of the run with a login
    assert broken == []


def test_an_open_period_stops_the_confirmation_until_hr_closes_it_and_computes_again(page, tied_world):
    world, tied = tied_world
    Period.objects.filter(scheme=tied.scheme, kind="Q4").update(status=Period.Status.OPEN)
    page.on("dialog", lambda dialog: dialog.accept())

    # HR computes the year while 第四季度 is still being scored
    sign_in(page, "hr_all")
    open_menu(page, "考核", "年度考核结果")
    page.get_by_label("计算原因").fill("年终考核")
    page.get_by_role("button", name="开始计算").click()
    expect(page.locator("#results-run-summary")).to_contain_text("计算完成")
    sign_out(page)

    # the committee is stopped with the list: the open period, linked to the scheme
    sign_in(page, "committee")
    open_settlement(page)
    gaps = page.locator("#gap-periods")
    expect(gaps).to_contain_text("第四季度")
    expect(page.locator("body")).to_contain_text("不能确认")
    sign_out(page)

    # HR follows the link, ends the period's scoring and computes again
    sign_in(page, "hr_all")
    open_settlement(page)
    page.locator("#gap-periods").get_by_role("link").first.click()
    period_row = page.get_by_role("row", name=re.compile(r"^第四季度"))
    period_row.get_by_role("button", name="结束评分").click()
    expect(page.get_by_role("row", name=re.compile(r"^第四季度"))).not_to_contain_text("评分中")
    open_menu(page, "考核", "年度考核结果")
    page.get_by_label("计算原因").fill("第四季度评分结束后重新计算")
    page.get_by_role("button", name="开始计算").click()
    expect(page.locator("#results-run-summary")).to_contain_text("计算完成")
    sign_out(page)

    # the committee finds nothing left but its own decisions, settles them and confirms the new version
    sign_in(page, "committee")
    open_settlement(page)
    expect(page.locator("#gap-periods")).to_have_count(0)
    decide(page, page.locator(f"#ties-bottom-{world.group.pk}"), ["张三", "钱二"], "党组会议研究决定")
    decide(page, page.locator(f"#ties-excellent-{world.group.pk}"), ["周五"], "党组会议研究决定")
    page.locator("#confirm-card").get_by_role("button", name="确认本版本结果").click()
    expect(page.get_by_role("alert").filter(has_text="已确认第2版考核结果。")).to_be_visible()
    assert Publication.objects.get(organization=world.org, year=2025).run.version == 2
