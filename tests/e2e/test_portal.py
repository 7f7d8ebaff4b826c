"""The citizens' page of Ankara's partners in Chromium, without signing in: Turkish first (the
browser's language), then English by the page's own link; the map drawn offline, from the site."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from twintowns.partnerships.models import Partnership, Status

pytestmark = pytest.mark.e2e


def _keep_error(errors: list[str], message: ConsoleMessage) -> None:
    if message.type == "error":  # CSP refusals included
        errors.append(message.text)


@pytest.mark.parametrize("page", ["tr-TR"], indirect=True)
def test_a_citizen_reads_the_partner_cities_in_turkish_then_in_english(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    elsewhere: list[str] = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or elsewhere.append(r.url))
    errors: list[str] = []
    page.on("console", lambda message: _keep_error(errors, message))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1300, "height": 900})
    shown = Partnership.objects.filter(
        authority__slug="ankara", status__in=[Status.ACTIVE, Status.SIGNED]
    ).count()

    page.goto(f"{live_server.url}/city/ankara/")  # the browser's language decides

    expect(page).to_have_url(f"{live_server.url}/tr/city/ankara/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("main")).to_contain_text("Ankara Büyükşehir Belediyesi")
    partners = page.locator("section[aria-labelledby=partners-heading] tbody tr")
    expect(partners).to_have_count(shown)
    seoul = partners.filter(has_text="Seoul")
    expect(seoul).to_contain_text("Güney Kore")
    expect(seoul).to_contain_text("kardeş şehir")
    markers = page.locator("#city-map path.twins-marker")
    expect(markers).to_have_count(shown + 1)  # and the seat
    expect(page.locator("#city-map path.map-country").nth(100)).to_be_attached()
    expect(page.get_by_role("link", name="Partners")).to_have_count(0)  # no office menu
    page.locator("#city-map path.twins-partner").first.click()
    expect(page.locator(".leaflet-popup .map-popup")).to_be_visible()
    page.wait_for_timeout(300)  # the popup fades in
    screenshot("portal-city-tr")

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{live_server.url}/en/city/ankara/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sister and partner cities")
    expect(page.locator("main")).to_contain_text("Ankara Metropolitan Municipality")
    expect(partners.filter(has_text="Seoul")).to_contain_text("South Korea")
    expect(partners.filter(has_text="Seoul")).to_contain_text("sister city")
    expect(markers).to_have_count(shown + 1)
    expect(page.locator("#culture-heading")).to_have_text("Recent culture days")
    page.wait_for_timeout(300)
    screenshot("portal-city-en")
    page.get_by_role("link", name="Türkçe").click()
    expect(page).to_have_url(f"{live_server.url}/tr/city/ankara/")

    assert elsewhere == []
    assert errors == []
