"""The insight pages in a browser, in English and Turkish: the charts draw, the rows expand."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# For each chart on the page: how many of its canvas pixels are painted (not transparent).
PAINTED_PIXELS = """() => Array.from(document.querySelectorAll("canvas")).map((canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return painted;
})"""


@pytest.mark.parametrize("page", ["en-US", "tr-TR"], indirect=True)
def test_the_three_insight_pages_draw_and_read_in_both_languages(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    language = page.evaluate("navigator.language")[:2]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "demo-viewer")
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(f"insights-0-home-{language}")

    page.goto(f"{live_server.url}/insights/trends/")
    expect(page.locator("canvas")).to_have_count(6)
    assert page.evaluate("Object.keys(Chart.instances).length") == 6
    painted = page.evaluate(PAINTED_PIXELS)
    assert all(n > 1000 for n in painted), painted
    # The chart drew, so its table folded away; it is still there for screen readers.
    expect(page.locator("details[data-chart-numbers][open]")).to_have_count(0)
    expect(page.locator("#culture-days-and-conferences-table tbody tr")).to_have_count(18)
    screenshot(f"insights-1-trends-{language}")

    page.goto(f"{live_server.url}/insights/reciprocity/")
    moscow = page.locator("#reciprocity tbody tr", has_text="Moscow")
    expect(moscow).to_contain_text("Ankara Days in Moscow")
    expect(moscow.locator(".badge")).to_have_count(1)  # culture days: their turn
    screenshot(f"insights-2-reciprocity-{language}")

    page.goto(f"{live_server.url}/insights/health/")
    first = page.locator("#health details").first
    first.locator("summary").click()
    expect(first.locator("ul li").first).to_be_visible()
    screenshot(f"insights-3-health-{language}")


def test_the_trends_read_at_phone_width_and_the_menu_stays_on_one_line(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "demo-admin")
    partners = page.locator("#menu").get_by_role("link", name="Partners", exact=True)
    insights = page.locator("#menu").get_by_role("link", name="Insights")
    partners_box, insights_box = partners.bounding_box(), insights.bounding_box()
    assert partners_box and insights_box
    assert abs(partners_box["y"] - insights_box["y"]) < 2
    screenshot("insights-menu-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/insights/trends/")
    assert all(n > 500 for n in page.evaluate(PAINTED_PIXELS))
    screenshot("insights-phone-trends")
    page.goto(f"{live_server.url}/insights/health/?dormant=1")
    screenshot("insights-phone-health")
