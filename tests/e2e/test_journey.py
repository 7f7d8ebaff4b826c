"""A newcomer's first visit: log in, find Seoul, add a visit, read it in Turkish."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_editor_finds_seoul_adds_a_visit_and_switches_to_turkish(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server.url, "demo-editor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ankara Metropolitan Municipality")
    screenshot("journey-1-home-en")

    page.get_by_role("link", name="Partners", exact=True).first.click()
    page.get_by_role("searchbox").or_(page.get_by_label("Search")).first.fill("seul")
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Seoul")
    screenshot("journey-2-partners-seul")

    results.first.get_by_role("link", name="Seoul").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seoul")
    culture_days = page.locator("#culture-days")
    expect(culture_days).to_contain_text("Ankara Days in Seoul")
    expect(culture_days).to_contain_text("Seoul Days in Ankara")
    screenshot("journey-3-seoul")

    page.get_by_role("link", name="Add activity").click()
    page.get_by_label("Title").fill("Seoul Metropolitan Government delegation, smart transport")
    page.get_by_label("Kind").select_option(label="technical cooperation")
    page.get_by_label("Direction").select_option(label="incoming delegation")
    page.get_by_label("Start", exact=True).fill("2026-12-08")
    page.get_by_label("End", exact=True).fill("2026-12-10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Seoul Metropolitan Government delegation, smart transport"
    )
    expect(page.locator("main")).to_contain_text("Seoul")
    screenshot("journey-4-visit-added")

    page.get_by_role("link", name="Seoul", exact=True).click()
    expect(page.locator("ol.timeline")).to_contain_text("smart transport")

    page.get_by_role("button", name="Türkçe").click()
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", level=2, name="Zaman çizelgesi")).to_be_visible()
    screenshot("journey-5-seoul-tr")


def test_viewer_sees_the_partner_list_at_phone_width(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "demo-viewer")
    page.goto(f"{live_server.url}/partners/")
    expect(page.locator("#results tbody tr")).to_have_count(55)
    expect(page.get_by_role("link", name="New partnership")).to_have_count(0)
    screenshot("phone-partners-viewer")
