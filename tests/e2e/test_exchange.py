"""Files out in Chromium: a filtered list downloaded, a calendar feed made and subscribed to."""

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


# One journey, not two tests: the demo loads once (a second load after the live server's flush
# misses the groups that migrations create).
def test_an_editor_downloads_a_filtered_list_and_makes_a_calendar_feed(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server.url, "demo-editor")
    page.goto(f"{live_server.url}/partners/")
    page.locator("select[name=kind]").select_option("partner")

    button = page.locator("#results a[download]", has_text="CSV")
    expect(button).to_have_attribute("href", "/exchange/partners.csv?kind=partner")
    shown = page.locator("#results tbody tr td:first-child a").all_inner_texts()
    screenshot("exchange-partner-list")
    with page.expect_download() as download:
        button.click()

    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    assert download.value.suggested_filename.startswith("ankara-partners-")
    assert [row[0] for row in rows[1:]] == shown != []
    assert {row[3] for row in rows[1:]} == {"partner city"}

    page.goto(f"{live_server.url}/activities/?year=2015")
    expect(page.locator("#results a[download]", has_text="XLSX")).to_have_attribute(
        "href", "/exchange/activities.xlsx?year=2015"
    )
    screenshot("exchange-activity-list")
    page.goto(f"{live_server.url}/activities/culture-days/")
    screenshot("exchange-culture-days")
    _an_editor_makes_a_feed_a_calendar_can_read(live_server, page, screenshot)


def _an_editor_makes_a_feed_a_calendar_can_read(
    live_server, page: Page, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{live_server.url}/activities/calendar/")
    page.get_by_role("link", name="Subscribe in a calendar application").click()
    page.locator("input[name=label]").fill("Mayor's office")
    page.get_by_role("button", name="Create feed URL").click()

    url = page.locator("#new-feed-url").input_value()
    screenshot("exchange-feeds")
    feed = page.request.get(url)  # as a calendar application would: no session needed

    calendar = Calendar.from_ical(feed.body())
    assert feed.status == 200
    assert str(calendar["x-wr-calname"]) == "Ankara Metropolitan Municipality: activities"
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("tbody")).to_contain_text("revoked")
    assert page.request.get(url).status == 404
