"""The partner map in Chromium: the world drawn offline, the Ankara demo's partners on it."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _keep_error(errors: list[str], message: ConsoleMessage) -> None:
    # Any error counts, CSP refusals included (base.html keeps htmx from adding inline styles).
    if message.type == "error":
        errors.append(message.text)


# The widest country outline, as a share of the width of all of them together.
WIDEST_COUNTRY = """() => {
    const paths = document.querySelectorAll("#partner-map path.map-country");
    const boxes = [...paths].map((path) => path.getBBox());
    const left = Math.min(...boxes.map((b) => b.x));
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    return Math.max(...boxes.map((b) => b.width)) / (right - left);
}"""


def _screenshots(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    """The whole page, and the map alone at full size, to look at the outlines closely."""
    path = screenshot(name)
    page.locator("#partner-map").screenshot(path=path.with_name(f"{name}-map.png"))


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("en-US", {"language": "en", "country": "South Korea", "kind": "sister city"}),
        ("tr-TR", {"language": "tr", "country": "Güney Kore", "kind": "kardeş şehir"}),
    ],
    indirect=["page"],
    ids=["en", "tr"],
)
def test_map_draws_the_world_and_the_partners_without_leaving_the_site(
    live_server, demo, page: Page, screenshot: Callable[[str], Path], words: dict[str, str]
) -> None:
    elsewhere: list[str] = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or elsewhere.append(r.url))
    page.set_viewport_size({"width": 1400, "height": 1000})
    language = words["language"]
    log_in(page, live_server.url, "demo-viewer")

    errors: list[str] = []
    page.on("console", lambda message: _keep_error(errors, message))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/partners/")
    page.locator("#results a[href^='/partners/map/']").click()

    countries = page.locator("#partner-map path.map-country")
    expect(countries.nth(100)).to_be_attached()
    markers = page.locator("#partner-map .map-marker, #partner-map .marker-cluster")
    expect(markers.first).to_be_visible()
    assert countries.count() == 176  # world-atlas' 177 countries, Antarctica left out
    expect(page.locator("#partner-map")).to_have_attribute("aria-busy", "false")
    _screenshots(page, screenshot, f"map-partners-{language}")
    page.locator(".map-world-button").click()  # the whole world, date line included
    page.wait_for_timeout(400)  # the zoom animates
    _screenshots(page, screenshot, f"map-world-{language}")
    assert page.evaluate(WIDEST_COUNTRY) < 0.6  # Russia is 0.47; a band across would be 1

    page.locator("#partner-map .map-marker").first.click()
    expect(page.locator(".leaflet-popup .map-popup dl")).to_be_visible()
    page.locator(".leaflet-popup-close-button").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)

    page.locator("input[name=q]").fill("seul")
    expect(page.locator("#map-results tbody tr")).to_have_count(1)
    seoul = page.locator("#partner-map .map-marker")
    expect(seoul).to_have_count(1)
    expect(page.locator("#partner-map")).to_have_attribute("aria-busy", "false")
    expect(seoul).to_have_attribute("title", "Seoul")
    seoul.click()
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.get_by_role("link", name="Seoul")).to_be_visible()
    expect(popup).to_contain_text(words["country"])
    expect(popup).to_contain_text(words["kind"])
    page.wait_for_timeout(300)  # the popup fades in
    _screenshots(page, screenshot, f"map-seoul-{language}")

    page.locator("#map-results a[href^='/partners/?']").click()
    expect(page).to_have_url(f"{live_server.url}/partners/?q=seul")
    expect(page.locator("#results tbody tr")).to_have_count(1)

    assert elsewhere == []
    assert errors == []


def test_map_draws_tiles_instead_of_outlines_when_a_tile_server_is_set(
    live_server, settings, editor_role, page: Page
) -> None:
    # The live server stands in for the tile server: any image answers for a tile here.
    settings.TWINTOWNS_MAP_TILE_URL = (
        f"{live_server.url}/static/vendor/leaflet/images/layers.png?{{z}}/{{x}}/{{y}}"
    )
    settings.TWINTOWNS_MAP_TILE_ATTRIBUTION = "Tiles: Example"
    log_in(page, live_server.url, editor_role.user.username, "correct horse battery staple")
    page.goto(f"{live_server.url}/partners/map/")
    expect(page.locator("#partner-map img.leaflet-tile").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Tiles: Example")
    expect(page.locator("#partner-map path.map-country")).to_have_count(0)
