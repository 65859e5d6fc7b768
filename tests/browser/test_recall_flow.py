"""回炉再造 end to end through the real pages: HR records two yellow cards and the committee approves them, so that a
red card appears and 张三 is proposed; the committee orders the recall; HR records the talk and training, the
frontline retraining and a failed evaluation, then a secondary assignment; the cadre sees his case; the pay linkage
shows 30% for the retraining months, then 100%."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recall.models import Card, RecallCase
from recall.services.batches import recall_batch_create
from recall.services.policies import recall_policy_create
from tests.assessments.test_api_support import make_hr_all
from tests.browser.test_stepdown_flow import sign_in, sign_out
from tests.recall.conftest import seed_categories

pytestmark = pytest.mark.browser


@pytest.fixture
def recall_browser_world(browser_world):
    w = browser_world
    seed_categories()
    hr_all = make_hr_all(w)
    w.policy = recall_policy_create(organization=w.org, actor=hr_all, effective_from=datetime.date(2018, 5, 1))
    w.batch = recall_batch_create(organization=w.org, name="2025年第一批召回", year=2024, actor=hr_all)
    return w


def record_yellow_card(page, day: str, reason: str):
    page.goto(reverse("recall:card_create"))
    page.get_by_label("干部工号").fill("A001")
    page.get_by_label("类别").select_option(label="黄牌")
    page.get_by_label("警示日期").fill(day)
    page.get_by_label("警示事由").fill(reason)
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("alert").filter(has_text="已登记,等待党组审定")).to_be_visible()


def in_form(page, action: str):
    return page.locator(f"#form-{action}")


def test_cards_make_a_red_card_the_committee_recalls_and_the_pay_follows_the_stages(page, recall_browser_world):
    w = recall_browser_world
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # HR records two yellow cards of 张三 from the points assessment
    sign_in(page, "hr")
    record_yellow_card(page, "2025-01-06", "全程积分考核:专项整治推进不力")
    record_yellow_card(page, "2025-02-20", "全程积分考核:投诉处置超时")
    sign_out(page)

    # The committee approves both from 待决事项: the second one makes a red card, and 张三 is proposed
    sign_in(page, "committee")
    for _ in range(2):
        page.goto(reverse("committee_home"))
        page.locator("#panel-recall").get_by_role("link", name=re.compile("待审定警示")).first.click()
        page.get_by_role("button", name="予以认定").click()
        expect(page.get_by_role("alert").filter(has_text="已审定")).to_be_visible()
    page.goto(reverse("recall:card_list"))
    expect(page.locator("#card-table")).to_contain_text("红牌")
    red = Card.objects.get(color="red")
    assert red.yellows.count() == 2 and red.issued_on == datetime.date(2025, 2, 20)

    # and orders the recall
    page.goto(reverse("committee_home"))
    page.locator("#panel-recall").get_by_role("link", name=re.compile("召回对象:张三")).click()
    in_form(page, "decide").get_by_label("党组决定").select_option(label="予以召回")
    page.get_by_role("button", name="提交决定").click()
    expect(page.get_by_role("alert").filter(has_text="党组决定已登记")).to_be_visible()
    expect(page.locator("#order-no")).to_contain_text("召〔")
    sign_out(page)
    case = RecallCase.objects.get(cadre=w.cadre)
    # The flow's months cannot pass in a browser test: the order is dated March 2025, as if given then.
    RecallCase.objects.filter(pk=case.pk).update(ordered_on=datetime.date(2025, 3, 1))

    # HR records the talk and training, the frontline retraining, a failed evaluation and a secondary assignment
    sign_in(page, "hr")
    url = reverse("recall:case_detail", args=[case.pk])
    page.goto(url)
    for kind, day in (("谈心培训", "2025-03-05"), ("专题党性教育", "2025-03-08")):
        form = in_form(page, "training")
        form.get_by_label("类别").select_option(label=kind)
        form.get_by_label(re.compile(r"^日期")).fill(day)
        form.get_by_label("内容").fill(f"{kind}:明确回炉锻炼要求")
        form.get_by_role("button", name="登记培训").click()
        expect(page.get_by_role("alert").filter(has_text="培训记录已登记")).to_be_visible()
    form = in_form(page, "retraining")
    form.get_by_label("回炉锻炼岗位").fill("城关所一线执法岗位")
    form.get_by_label("回炉开始日期").fill("2025-03-15")
    form.get_by_role("button", name="安排回炉锻炼").click()
    expect(page.locator("#retraining")).to_contain_text("2025-06-15")
    page.get_by_role("button", name="进入鉴定评价").click()
    form = in_form(page, "evaluate")
    form.get_by_label("原单位鉴定意见").fill("回炉期间工作被动,仍不能胜任原岗位要求。")
    form.get_by_label(re.compile(r"^原单位意见")).select_option(label="不合格")
    form.get_by_label("组织部门考核意见").fill("考核不合格。")
    form.get_by_label(re.compile(r"^组织部门意见")).select_option(label="不合格")
    form.get_by_label("评价日期").fill("2025-06-16")
    form.get_by_role("button", name="登记鉴定评价").click()
    expect(page.locator("#evaluation")).to_contain_text("不合格")
    form = in_form(page, "reassign")
    form.get_by_label("二次调配日期").fill("2025-06-16")
    form.get_by_label("调配岗位").fill("档案管理岗位")
    form.get_by_role("button", name="办理二次调配").click()
    expect(page.locator("#reassignment")).to_contain_text("跟踪考察至 2026-06-16")

    # The pay linkage: 30% in the retraining months, 100% in the secondary assignment
    page.goto(reverse("recall:pay_report") + "?from=2025-04&to=2025-07")
    table = page.locator("#pay-table")
    expect(table.locator('tr[data-month="2025-04"] .withheld')).to_have_text("30.00")
    expect(table.locator('tr[data-month="2025-06"] .withheld')).to_have_text("65.00")
    expect(table.locator('tr[data-month="2025-07"] .withheld')).to_have_text("100.00")
    sign_out(page)

    # The cadre sees his case
    sign_in(page, "cadre")
    page.goto(reverse("recall:my_cases"))
    page.locator("#my-recall-cases").get_by_role("link", name=re.compile("全程积分考核红牌")).click()
    expect(page.locator("h1")).to_contain_text("二次调配")
    expect(page.locator("#case-stages")).to_contain_text("30%")
    expect(page.locator("#case-stages")).to_contain_text("100%")
    assert RecallCase.objects.get(pk=case.pk).state == "reassigned"
    assert broken == []
