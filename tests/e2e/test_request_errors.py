"""An htmx form that fails says so: a new culture days linked to their answer, and a server
error or a lost connection on the same form."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import log_in
from twintowns.activities.models import Activity

pytestmark = pytest.mark.e2e


def _fill_new_culture_days(page: Page, base: str) -> None:
    page.goto(f"{base}/activities/new/")
    page.get_by_label("Title").fill("Ankara Days in Ulaanbaatar")
    page.get_by_label("Kind").select_option(label="culture days")
    page.get_by_label("Direction").select_option(label="abroad")
    page.get_by_label("Start", exact=True).fill("2005-07-04")
    page.get_by_label("Reciprocal event").select_option(label="Ulan Baatar Days in Ankara")


def test_new_culture_days_are_saved_with_the_days_that_answer_them(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server.url, "demo-editor")
    _fill_new_culture_days(page, live_server.url)

    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ankara Days in Ulaanbaatar")
    answered_by = page.locator("dt", has_text="Answered by").locator("+ dd")
    expect(answered_by).to_have_text("Ulan Baatar Days in Ankara")
    screenshot("request-errors-1-culture-days-linked")
    created = Activity.objects.get(title="Ankara Days in Ulaanbaatar")
    assert created.reciprocal is not None
    assert created.reciprocal.title == "Ulan Baatar Days in Ankara"


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        (
            lambda route: route.fulfill(status=500, body="Server Error (500)"),
            "The request failed (error 500), so this page was not updated. "
            "Please try again; if it fails again, reload the page.",
        ),
        (
            lambda route: route.abort("connectionreset"),
            "The server could not be reached, so this page was not updated. "
            "Check the connection and try again.",
        ),
    ],
    ids=["server-error", "no-answer"],
)
def test_a_failed_htmx_save_shows_a_message_and_a_retry_clears_it(
    live_server,
    demo,
    page: Page,
    screenshot: Callable[[str], Path],
    fail: Callable[[Route], None],
    message: str,
    request: pytest.FixtureRequest,
) -> None:
    log_in(page, live_server.url, "demo-editor")
    _fill_new_culture_days(page, live_server.url)
    # Only the network is forced to fail, once: the next save reaches the server.
    page.route("**/activities/new/", fail, times=1)

    page.get_by_role("button", name="Save").click()

    alert = page.locator("#request-error")
    expect(alert).to_have_text(message)
    expect(alert).to_have_attribute("role", "alert")
    expect(page.get_by_label("Title")).to_have_value("Ankara Days in Ulaanbaatar")  # kept
    screenshot(f"request-errors-2-{request.node.callspec.id}")
    assert not Activity.objects.filter(title="Ankara Days in Ulaanbaatar").exists()

    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ankara Days in Ulaanbaatar")
    expect(page.locator("#request-error")).to_have_count(0)


@pytest.mark.parametrize("page", ["tr-TR"], indirect=True)
def test_a_failed_search_says_so_in_turkish(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server.url, "demo-viewer")
    page.goto(f"{live_server.url}/partners/")
    page.route("**/partners/?q=*", lambda route: route.fulfill(status=503, body=""))

    page.get_by_role("searchbox").fill("seul")

    expect(page.locator("#request-error")).to_have_text(
        "İstek başarısız oldu (hata 503), bu yüzden sayfa güncellenmedi. "
        "Lütfen yeniden deneyin; yine olmazsa sayfayı yenileyin."
    )
    expect(page.locator("#results tbody tr")).to_have_count(55)  # the list as it was
    screenshot("request-errors-3-search-tr")
