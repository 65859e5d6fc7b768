import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.models import Score
from assessments.services import score_save
from tests.assessments.conftest import make_scoring
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_scoring(browser_world):
    return make_scoring(browser_world)


def _cell(page, ratee, component):
    return page.locator(f'td[data-cell="{ratee.pk}-{component.pk}"]')


def test_rater_scores_in_the_grid_with_autosave_validation_and_conflicts(page, browser_world, browser_scoring):
    world, scoring = browser_world, browser_scoring
    quarterly = scoring.components["quarterly_review"]
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # Given 王五 signs in: they land on their scoring tasks
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("pingyi")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/rater/$"))
    expect(page.get_by_text("已评 0/2")).to_be_visible()

    # When they open the Q1 grid
    page.get_by_role("link", name=re.compile("2025年第一季度")).click()
    expect(page.get_by_role("heading", name=re.compile("2025年第一季度"))).to_be_visible()
    progress = page.locator("#grid-progress")
    expect(progress).to_have_text("已评 0/2")

    # And type a score for 张三 and leave the cell
    a = _cell(page, world.cadre, quarterly)
    a.locator("input.score-input").fill("88.5")
    a.locator("input.score-input").press("Tab")

    # Then the cell says it is saved, the progress moves, and the score is in the database
    expect(a.locator(".cell-status")).to_contain_text("已保存")
    expect(progress).to_have_text("已评 1/2")
    assert Score.objects.get(ratee=world.cadre).value == Decimal("88.50")

    # When they type an out-of-range score for 李四
    b = _cell(page, world.other_cadre, quarterly)
    b.locator("input.score-input").fill("150")
    b.locator("input.score-input").press("Tab")

    # Then the cell shows the Chinese error, keeps the value, and nothing is saved
    expect(b.locator(".cell-status")).to_contain_text("超出范围")
    expect(b.locator("input.score-input")).to_have_class(re.compile("is-invalid"))
    expect(b.locator("input.score-input")).to_have_value("150")
    expect(progress).to_have_text("已评 1/2")
    assert not Score.objects.filter(ratee=world.other_cadre).exists()

    # And correcting it saves it
    b.locator("input.score-input").fill("77")
    b.locator("input.score-input").press("Enter")
    expect(b.locator(".cell-status")).to_contain_text("已保存")
    expect(progress).to_have_text("已评 2/2")

    # When someone else changes 张三's score meanwhile (another tab), and the page saves over it
    stored = Score.objects.get(ratee=world.cadre)
    score_save(
        period=scoring.q1,
        component=quarterly,
        rater=scoring.rater,
        ratee=world.cadre,
        value="60",
        expected_revision=stored.revision,
        actor=scoring.rater_user,
    )
    a.locator("input.score-input").fill("95")
    a.locator("input.score-input").press("Tab")

    # Then the page tells them the current value, keeps what they typed, and nothing is overwritten
    expect(a.locator(".cell-status")).to_contain_text("该评分已被他人修改为 60")
    expect(a.locator("input.score-input")).to_have_value("95")
    assert Score.objects.get(ratee=world.cadre).value == Decimal("60")

    # And saving deliberately overwrites
    a.get_by_role("button", name="保存我的分数").click()
    expect(a.locator(".cell-status")).to_contain_text("已保存")
    assert Score.objects.get(ratee=world.cadre).value == Decimal("95")
    assert broken == []
