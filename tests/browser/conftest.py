"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

These tests never skip. A machine that cannot launch chromium fails them, because a skipped browser test
looks exactly like a passing one in a CI summary.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Quiet, deterministic chromium: no GPU, no background updates or sync, no first-run dialogs.
# --no-sandbox because CI runs as root, where chromium's sandbox refuses to start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so the page fixture knows at teardown whether the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps an asyncio loop running on the main thread while it is started, and Django
    refuses ORM calls when it sees a running loop. The flag that allows them is set only while Playwright
    runs; package scope stops Playwright before the rest of the suite, which keeps Django's check.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        launched, problem = None, None
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            problem = exc
        if launched is None:
            pytest.fail(
                f"chromium could not be launched from {CHROMIUM_PATH} (set CHROMIUM_PATH, or install Debian's "
                f"`chromium` package): {problem}",
                pytrace=False,
            )
        yield launched
        launched.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_world(transactional_db, world):
    """The shared personas, committed, so the live server's own database connection sees them."""
    return world


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context per test; a failing test leaves test-artifacts/screenshots/<test>.png."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        directory = Path(request.config.rootpath) / "test-artifacts" / "screenshots"
        directory.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(directory / f"{name}.png"), full_page=True)
        except PlaywrightError as exc:  # the page may be what broke; the test's own failure is the news
            print(f"could not save a screenshot for {request.node.nodeid}: {exc}")
    context.close()
