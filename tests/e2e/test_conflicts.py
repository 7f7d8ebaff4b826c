"""Two editors in two browsers change the same partner: nobody's change is lost."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.e2e


def test_the_second_editor_sees_both_changes_side_by_side_and_keeps_their_notes(
    live_server, demo, browser: Browser, page: Page, screenshot: Callable[[str], Path]
) -> None:
    seoul = Partnership.objects.get(authority__slug="ankara", partner__name="Seoul")
    edit = f"{live_server.url}/partners/{seoul.pk}/edit/"
    other_context = browser.new_context(locale="en-US")
    other = other_context.new_page()
    log_in(page, live_server.url, "demo-editor")
    log_in(other, live_server.url, "demo-admin")
    page.goto(edit)
    other.goto(edit)

    other.get_by_label("Sources").fill("Protocol of 2006; council archive")
    other.get_by_label("Notes").fill("Renew the protocol before 2027.")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Seoul")
    other_context.close()

    page.get_by_label("Notes").fill("The mayor of Seoul visits in May.")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#conflict")).to_contain_text(
        "Someone else saved this record while you were editing it"
    )
    notes = page.locator("#conflict-notes-row")
    expect(notes).to_contain_text("Renew the protocol before 2027.")
    expect(notes).to_contain_text("demo-admin")
    expect(notes).to_contain_text("The mayor of Seoul visits in May.")
    expect(page.locator("#conflict-sources-row")).to_contain_text("theirs")
    expect(page.get_by_label("Sources")).to_have_value("Protocol of 2006; council archive")
    expect(page.get_by_label("Notes")).to_have_value("The mayor of Seoul visits in May.")
    expect(page.locator("#conflict-notes-yours")).to_be_checked()
    screenshot("conflict-1-side-by-side")
    seoul.refresh_from_db()
    assert seoul.notes == "Renew the protocol before 2027."

    page.get_by_role("button", name="Save again").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Seoul")
    screenshot("conflict-2-saved-again")
    seoul.refresh_from_db()
    assert (seoul.notes, seoul.sources) == (
        "The mayor of Seoul visits in May.",
        "Protocol of 2006; council archive",
    )
