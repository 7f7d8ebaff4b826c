"""The seat city is set on the profile form with the place box, as partners are."""

from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PartnershipFactory
from tests.places.conftest import (
    GANJA,
    TRIPOLI_LIBYA,
)
from tests.places.helpers import form_data, offered
from twintowns.authorities.models import Authority, StaffRole
from twintowns.places.models import Place


def _admin_client(admin_role: StaffRole) -> Client:
    client = Client()
    client.force_login(admin_role.user)
    return client


def test_an_administrator_types_the_seat_city_and_the_profile_shows_it(
    authority: Authority, admin_role: StaffRole, box_places: dict[int, Place]
) -> None:
    client = _admin_client(admin_role)
    url = reverse("authorities:edit")

    response = client.post(url, form_data(client.get(url).text, place="Ganja"))

    authority.refresh_from_db()
    assert (response.status_code, authority.place) == (302, box_places[GANJA])
    profile = lxml.html.fromstring(client.get(reverse("authorities:profile")).text)
    assert profile.xpath("//dt[.='Seat city']/following-sibling::dd[1]/text()") == [
        "Ganja, Azerbaijan"
    ]


def test_a_seat_name_of_several_cities_is_asked_about_and_nothing_changes(
    authority: Authority, admin_role: StaffRole, box_places: dict[int, Place]
) -> None:
    authority.place = box_places[TRIPOLI_LIBYA]
    authority.save()
    client = _admin_client(admin_role)
    url = reverse("authorities:edit")

    response = client.post(url, form_data(client.get(url).text, place="Tripoli", phone="312"))

    authority.refresh_from_db()
    assert response.status_code == 422
    assert [line.split(" · ")[0] for line in offered(response.text, "place")] == [
        "Tripoli, Libya",
        "Tripoli, North Lebanon, Lebanon",
        "Trípoli, Peloponnese, Greece",
    ]
    assert (authority.place, authority.phone) == (box_places[TRIPOLI_LIBYA], "")


@pytest.mark.parametrize("n", [1, 3])
def test_the_profile_with_a_seat_costs_a_fixed_number_of_queries(
    editor_client: Client,
    authority: Authority,
    box_places: dict[int, Place],
    django_assert_num_queries: Any,
    n: int,
) -> None:
    authority.place = box_places[GANJA]
    authority.save()
    for _ in range(n):
        PartnershipFactory(authority=authority)
    with django_assert_num_queries(5):
        response = editor_client.get(reverse("authorities:profile"))
    assert response.context["seat"] == box_places[GANJA]
