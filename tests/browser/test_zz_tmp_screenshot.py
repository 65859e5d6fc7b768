from tests.conftest import PASSWORD


def test_deliberate_failure_for_screenshot(page, browser_world):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("hr")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/org/units/")
    assert False, "deliberate"
