import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BOOTSTRAP_DANGER = "rgb(220, 53, 69)"


def test_hr_logs_in_and_sees_only_their_subtree(page, browser_world):
    # Given HR 甲, scoped to 综合科, at the real login page, with every broken response noted
    broken = []

    def note_broken(response):
        if response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    page.on("response", note_broken)
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()

    # When they sign in with their password
    page.locator("#id_username").fill("hr")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # Then they land on where the year stands, and the unit tree shows their subtree only
    expect(page).to_have_url(re.compile(r"/overview/year/$"))
    page.goto("/org/units/")
    tree = page.locator(".unit-tree")
    expect(tree.get_by_role("link", name="综合科", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="综合科一组", exact=True)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("城关所")

    # And the page is styled: Bootstrap and the app's own stylesheet were served and applied
    expect(page.locator("nav.navbar")).to_have_css("background-color", BOOTSTRAP_DANGER)
    expect(tree.locator("ul").first).to_have_css("list-style-type", "none")
    assert broken == []
