"""The place box of the forms: its suggestions, and a typed name that is one place or a question.

Forms are posted as a browser would send them: the page is read, the boxes typed into, a radio
button chosen, and every input of the form sent back as it stands.
"""

from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PartnershipFactory
from tests.places.conftest import (
    GANJA,
    TRIPOLI_LEBANON,
    TRIPOLI_LIBYA,
    VIENNA_WEST_VIRGINIA,
)
from tests.places.helpers import form_data, offered, radio_for
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Place

NEW_PARTNERSHIP = {"kind": "sister", "status": "active"}


def _new_partnership(client: Client, **typed: str) -> Any:
    url = reverse("partnerships:create")
    data = form_data(client.get(url).text, **NEW_PARTNERSHIP, **typed)
    return client.post(url, data)


def test_typing_ganja_is_ganja_not_the_larger_city_with_a_name_beginning_so(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    # Zhangjiakou, China, is also "Ganjakou", and twice as populous.
    response = _new_partnership(editor_client, partner="Ganja")

    partnership = Partnership.objects.get()
    assert (partnership.partner, response.status_code) == (box_places[GANJA], 302)


def test_a_name_of_two_cities_is_asked_about_with_the_text_kept_and_nothing_saved(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    response = _new_partnership(editor_client, partner="Tripoli")

    assert response.status_code == 422
    assert response.context["form"].errors["partner"] == [
        "Several places are called “Tripoli”. Choose the one meant, "
        "or add its country after a comma."
    ]
    assert offered(response.text) == [
        "Tripoli, Libya · 1,302,947 people",
        "Tripoli, North Lebanon, Lebanon · 229,398 people",
        "Trípoli, Peloponnese, Greece · 26,561 people",
    ]
    page = lxml.html.fromstring(response.text)
    assert page.get_element_by_id("id_partner").get("value") == "Tripoli"
    assert Partnership.objects.count() == 0


def test_the_place_chosen_among_those_offered_is_saved(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    asked = _new_partnership(editor_client, partner="Tripoli").text
    lebanon = radio_for(asked, box_places[TRIPOLI_LEBANON])

    response = editor_client.post(
        reverse("partnerships:create"), form_data(asked, partner_pick=lebanon)
    )

    assert response.status_code == 302
    assert Partnership.objects.get().partner == box_places[TRIPOLI_LEBANON]


def test_a_choice_no_longer_holds_once_other_text_is_typed(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    asked = _new_partnership(editor_client, partner="Tripoli").text
    lebanon = radio_for(asked, box_places[TRIPOLI_LEBANON])

    editor_client.post(
        reverse("partnerships:create"), form_data(asked, partner="Ganja", partner_pick=lebanon)
    )

    assert Partnership.objects.get().partner == box_places[GANJA]


@pytest.mark.parametrize(
    ("typed", "geonameid"),
    [
        ("Tripoli, Lebanon", TRIPOLI_LEBANON),
        ("Trablus, Libya", TRIPOLI_LIBYA),
        ("tripoli,libya", TRIPOLI_LIBYA),
        ("Gence, Azerbaycan", GANJA),
    ],
)
def test_the_country_after_a_comma_settles_the_name(
    editor_client: Client,
    authority: Authority,
    box_places: dict[int, Place],
    typed: str,
    geonameid: int,
) -> None:
    _new_partnership(editor_client, partner=typed)

    assert Partnership.objects.get().partner == box_places[geonameid]


def test_letters_that_are_no_name_offer_the_places_whose_names_begin_so(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    response = _new_partnership(editor_client, partner="Ganj")

    assert response.status_code == 422
    assert response.context["form"].errors["partner"] == [
        "No place is called “Ganj”. Choose the place meant, "
        "or type a few letters and pick one of the suggestions."
    ]
    assert offered(response.text) == [
        "Zhangjiakou, Hebei, China · 692,602 people",
        "Ganja, Azerbaijan · 330,663 people",
    ]
    assert Partnership.objects.count() == 0


def test_a_country_the_gazetteer_does_not_know_is_named_and_the_nameoffered(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    response = _new_partnership(editor_client, partner="Ganja, Narnia")

    assert response.context["form"].errors["partner"] == [
        "“Narnia” is not a country the gazetteer knows. Choose the place meant."
    ]
    assert offered(response.text) == ["Ganja, Azerbaijan · 330,663 people"]
    assert Partnership.objects.count() == 0


def test_two_towns_of_a_name_in_the_country_written_are_asked_about(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    response = _new_partnership(editor_client, partner="Vienna, United States")

    assert response.context["form"].errors["partner"] == [
        "Several places in United States are called “Vienna”. Choose the one meant."
    ]
    assert [line.split(" · ")[0] for line in offered(response.text)] == [
        "Vienna, Virginia, United States",
        "Vienna, West Virginia, United States",
    ]


def test_a_partnership_saved_unchanged_keeps_its_partner_whose_name_alone_is_ambiguous(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    partnership = PartnershipFactory(authority=authority, partner=box_places[VIENNA_WEST_VIRGINIA])
    url = reverse("partnerships:edit", args=[partnership.pk])
    form = form_data(editor_client.get(url).text, notes="Met the mayor in May.")
    assert form["partner"] == "Vienna, West Virginia, United States"

    response = editor_client.post(url, form)

    partnership.refresh_from_db()
    assert response.status_code == 302
    assert (partnership.partner, partnership.notes) == (
        box_places[VIENNA_WEST_VIRGINIA],
        "Met the mayor in May.",
    )


def test_a_place_name_longer_than_any_is_refused_before_any_search(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    response = _new_partnership(editor_client, partner="Tripoli" * 40)

    assert response.context["form"].errors["partner"] == [
        "A place name is at most 200 characters long."
    ]
    assert Partnership.objects.count() == 0


def test_the_activity_form_asks_the_same_question_and_takes_the_choice(
    editor_client: Client, authority: Authority, box_places: dict[int, Place]
) -> None:
    url = reverse("activities:create")
    typed = {
        "title": "Lebanese municipal delegation",
        "kind": "site_visit",
        "direction": "incoming",
        "starts_on": "2025-05-12",
        "place": "Tripoli",
    }
    asked = editor_client.post(url, form_data(editor_client.get(url).text, **typed))
    assert asked.status_code == 422
    assert [line.split(" · ")[0] for line in offered(asked.text, "place")] == [
        "Tripoli, Libya",
        "Tripoli, North Lebanon, Lebanon",
        "Trípoli, Peloponnese, Greece",
    ]
    assert Activity.objects.count() == 0

    lebanon = radio_for(asked.text, box_places[TRIPOLI_LEBANON], "place")
    editor_client.post(url, form_data(asked.text, place_pick=lebanon))

    assert Activity.objects.get().place == box_places[TRIPOLI_LEBANON]


def test_the_place_box_sends_its_letters_to_its_own_list_not_through_the_forms_selection(
    editor_client: Client, authority: Authority
) -> None:
    for url, name in (
        (reverse("partnerships:create"), "partner"),
        (reverse("activities:create"), "place"),
    ):
        box = lxml.html.fromstring(editor_client.get(url).text).get_element_by_id(f"id_{name}")
        assert {a: box.get(a) for a in ("hx-get", "hx-target", "hx-select", "hx-swap")} == {
            "hx-get": reverse("places:suggest"),
            "hx-target": f"#id_{name}-list",
            "hx-select": "unset",
            "hx-swap": "innerHTML",
        }


def test_suggestions_show_name_country_and_population_and_narrow_by_the_country_begun(
    editor_client: Client, box_places: dict[int, Place]
) -> None:
    response = editor_client.get(
        reverse("places:suggest"),
        {"partner": "tripoli, l"},
        headers={"HX-Target": "id_partner-list"},
    )

    options = lxml.html.fragments_fromstring(response.text)
    assert [" ".join(o.text_content().split()) for o in options] == [
        "Tripoli, Libya · 1,302,947 people",
        "Tripoli, North Lebanon, Lebanon · 229,398 people",
    ]
    assert [(o.get("data-label"), o.get("id")) for o in options] == [
        ("Tripoli, Libya", f"id_partner-list-{box_places[TRIPOLI_LIBYA].pk}"),
        ("Tripoli, North Lebanon, Lebanon", f"id_partner-list-{box_places[TRIPOLI_LEBANON].pk}"),
    ]


def test_suggestions_say_when_no_name_begins_with_the_letters(
    editor_client: Client, box_places: dict[int, Place]
) -> None:
    response = editor_client.get(reverse("places:suggest"), {"place": "xq"})

    assert " ".join(lxml.html.fromstring(response.text).text_content().split()) == (
        "No place’s name begins with “xq”."
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("vienna, west v", ["Vienna, West Virginia, United States · 10,573 people"]),
        # Ganja's region is "Gǝncǝ", Ganja's own Azerbaijani name: not worth showing.
        ("ganja, az", ["Ganja, Azerbaijan · 330,663 people"]),
    ],
)
def test_suggestions_show_the_region_and_narrow_by_the_region_begun(
    editor_client: Client, box_places: dict[int, Place], typed: str, shown: list[str]
) -> None:
    response = editor_client.get(reverse("places:suggest"), {"partner": typed})

    options = lxml.html.fragments_fromstring(response.text)
    assert [" ".join(o.text_content().split()) for o in options] == shown
