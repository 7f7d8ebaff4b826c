"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live_server."""

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from twintowns.demo.load import load_demo

# Playwright's sync API runs an event loop in the test's thread; Django would refuse its ORM there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _screenshot_path(name: str) -> Path:
    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make install` as root (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context; `indirect` parametrization picks the locale ("tr-TR")."""
    context = browser.new_context(locale=getattr(request, "param", "en-US"))
    page = context.new_page()
    yield page
    if getattr(request.node, "failed_call", False):
        page.screenshot(path=_screenshot_path(f"FAILED-{request.node.name}"), full_page=True)
    context.close()


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """`screenshot("name")` saves the whole page to var/screenshots/name.png (git-ignored)."""

    def take(name: str) -> Path:
        path = _screenshot_path(name)
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Lets the page fixture know the test failed, so it leaves a screenshot behind.
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True  # type: ignore[attr-defined]
    return report


DEMO_PASSWORD = "demo-passphrase-for-tests"


@pytest.fixture
def demo(settings: Any, transactional_db: None) -> None:
    """The Ankara demo, its users' password known to the tests."""
    settings.TWINTOWNS_DEMO_PASSWORD = DEMO_PASSWORD
    load_demo()


def log_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login page, by the fields' names: labels change with the language."""
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}/")
