"""In a real browser, under the Content-Security-Policy: HR binds an authenticator at the first sign-in, keeps the
recovery codes, reaches the pages; the API documentation and the pages with scripts run without a CSP complaint."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def watch_console(page) -> list[str]:
    """Every console error (a refused inline script or style is one) and every failed response. (The browser's own
    request for /favicon.ico, which the site does not serve, is not the page's.)"""
    problems = []

    def note(message):
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(message.text)

    page.on("console", note)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return problems


def test_hr_binds_an_authenticator_at_the_first_sign_in(page, browser_world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    problems = watch_console(page)
    # Given HR signing in with the password
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("hr")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # Then the page asks to bind an authenticator, with a QR code and the key to type in
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/\?next="))
    expect(page.locator("#qr-code svg")).to_be_visible()
    key = page.locator("#totp-secret").inner_text().replace(" ", "")
    # When the app's code is typed
    code = TOTP(bytes.fromhex(hexlify(b32decode(key)).decode()), step=30, digits=6).token()
    page.locator("#id_code").fill(f"{code:06d}")
    page.get_by_role("button", name="完成绑定").click()
    # Then ten recovery codes are shown once, and the way on leads to the pages
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="我已保存,继续").click()
    expect(page).to_have_url(re.compile(r"/overview/year/$"))
    page.goto("/org/units/")
    expect(page.locator(".unit-tree")).to_contain_text("综合科一组")
    # And the API documentation loads its scripts and styles under the policy
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .information-container")).to_be_visible()
    assert problems == [], problems


def test_the_pages_with_scripts_run_under_the_policy(page, browser_world):
    problems = watch_console(page)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("hr")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/overview/year/$"))
    # the language menu sends its form when changed (app.js, not an inline handler)
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("select[name=language]").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto("/org/groups/")
    page.goto("/accounts/2fa/status/")
    assert problems == [], problems
