"""The navigation of every role fits a 1366-pixel-wide screen, in English (the longer labels) as in Chinese."""

import pytest

from org.models import RoleAssignment
from org.services import role_assign
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}


def _page_width(browser, live_server, username: str, language: str) -> tuple[int, str]:
    context = browser.new_context(base_url=live_server.url, viewport=SCREEN)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        return page.evaluate("document.documentElement.scrollWidth"), page.locator("nav.navbar").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_widest_navigation_fits_1366_pixels(browser, live_server, browser_world, language):
    # Given one person holding every business role at once: the longest menu there is
    everyone = browser_world.users["committee"]
    for role in (RoleAssignment.Role.HR, RoleAssignment.Role.RATER):
        role_assign(user=everyone, role=role, organization=browser_world.org)
    browser_world.other_cadre.user = everyone
    browser_world.other_cadre.save(update_fields=["user"])

    # When they and each single-role persona open the app at 1366 pixels
    for username in ["committee", "hr", "rater", "cadre"]:
        width, menu = _page_width(browser, live_server, username, language)

        # Then nothing runs off the right edge
        assert width <= SCREEN["width"], f"{username} ({language}): the page is {width}px wide; menu: {menu!r}"
    if language == "en":
        assert "Decisions" in _page_width(browser, live_server, "committee", language)[1]
