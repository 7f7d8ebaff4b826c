"""The place box in the browser: suggestions as one types, picked with the mouse or the keys,
and a name that is not one place asked about, not swapped for another city."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from twintowns.activities.models import Activity
from twintowns.partnerships.models import Partnership
from twintowns.places.services import gazetteer_load

pytestmark = pytest.mark.e2e
GANJA = 586523
ZHANGJIAKOU = 2033196
TRIPOLI_LIBYA = 2210247
TRIPOLI_LEBANON = 266826


@pytest.fixture
def places(demo: None) -> None:
    gazetteer_load(geonameids={GANJA, ZHANGJIAKOU, TRIPOLI_LIBYA, TRIPOLI_LEBANON})


def _partner_geonameid(page: Page, name: str) -> int | None:
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return Partnership.objects.get(partner__name=name).partner.geonameid


def test_the_partner_and_the_activity_place_are_picked_from_the_suggestions(
    live_server, places: None, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server.url, "demo-editor")
    page.goto(f"{live_server.url}/partners/new/")
    page.get_by_label("Partner city").press_sequentially("ganj", delay=50)
    suggestions = page.get_by_role("listbox", name="Places")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions.get_by_role("option").first).to_have_text(
        "Zhangjiakou, Hebei, China · 692,602 people"
    )
    screenshot("place-box-1-suggestions")

    suggestions.get_by_role("option", name="Ganja, Azerbaijan").click()
    expect(page.get_by_label("Partner city")).to_have_value("Ganja, Azerbaijan")
    expect(suggestions).to_be_hidden()
    page.get_by_label("Kind").select_option(label="sister city")
    page.get_by_role("button", name="Save").click()
    assert _partner_geonameid(page, "Ganja") == GANJA

    page.goto(f"{live_server.url}/activities/new/")
    page.get_by_label("Title").fill("Ganja Days in Ankara")
    page.get_by_label("Kind").select_option(label="cultural event")
    page.get_by_label("Direction").select_option(label="hosted here")
    page.get_by_label("Start", exact=True).fill("2025-10-01")
    box = page.get_by_label("Place", exact=True)
    box.press_sequentially("ganj", delay=50)
    expect(page.get_by_role("listbox", name="Places").get_by_role("option")).to_have_count(2)
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("Enter")  # picks the second suggestion, without sending the form
    expect(box).to_have_value("Ganja, Azerbaijan")
    screenshot("place-box-2-activity")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganja Days in Ankara")
    assert Activity.objects.get(title="Ganja Days in Ankara").place.geonameid == GANJA


def test_a_name_that_is_not_one_place_is_asked_about_then_saved_as_chosen(
    live_server, places: None, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server.url, "demo-editor")
    page.goto(f"{live_server.url}/partners/new/")
    box = page.get_by_label("Partner city")
    box.fill("Ganja")  # typed whole, nothing picked
    page.get_by_role("button", name="Save").click()
    assert _partner_geonameid(page, "Ganja") == GANJA

    page.goto(f"{live_server.url}/partners/new/")
    box.fill("Tripoli")
    page.get_by_role("button", name="Save").click()
    question = page.get_by_role("group", name="The place meant")
    expect(question.get_by_role("radio")).to_have_count(2)
    expect(page.locator("#record-form")).to_contain_text(
        "Several places are called “Tripoli”. Choose the one meant"
    )
    expect(box).to_have_value("Tripoli")
    assert Partnership.objects.filter(partner__geonameid__in=[TRIPOLI_LIBYA]).count() == 0
    screenshot("place-box-3-question")

    question.get_by_label("Tripoli, North Lebanon, Lebanon").check()
    page.get_by_role("button", name="Save").click()
    assert _partner_geonameid(page, "Tripoli") == TRIPOLI_LEBANON
