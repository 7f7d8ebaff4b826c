"""Discovery: a user finds Ankara's suggested partners, opens one, and sees why it is suggested."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from twintowns.directory.models import Twinning
from twintowns.places.models import Place
from twintowns.places.services import gazetteer_load

pytestmark = pytest.mark.e2e
BAKU, KYIV, SEOUL, ANKARA = 587084, 703448, 1835848, 323786


def _twin(*geonameids: int) -> None:
    a, b = sorted(Place.objects.get(geonameid=g).pk for g in geonameids)
    Twinning.objects.create(place_a_id=a, place_b_id=b)


def test_a_user_finds_a_suggested_partner_and_why(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    # The public record: Ankara's partners Kyiv and Seoul are both twinned with Baku.
    gazetteer_load(geonameids={BAKU})
    _twin(ANKARA, SEOUL)
    _twin(KYIV, BAKU)
    _twin(SEOUL, BAKU)
    log_in(page, live_server.url, "demo-viewer")

    page.get_by_role("link", name="Insights").click()
    page.get_by_role("link", name="Twin-town network").click()
    page.get_by_role("link", name="Suggested partners").click()
    first = page.locator("#suggestions > li").first
    expect(first).to_contain_text("Baku")
    screenshot("discovery-1-suggestions")

    first.locator("summary").click()
    expect(first.get_by_text("Why it is suggested")).to_be_visible()
    reasons = first.locator("details ul li")
    expect(reasons.first).to_have_text("Twinned with 2 of your partners: Kyiv, Seoul")
    screenshot("discovery-2-why")

    first.get_by_role("link", name="Baku in the network").click()
    expect(page.locator("h1")).to_contain_text("Baku")
    expect(page.locator("table").first).to_contain_text("Kyiv")
