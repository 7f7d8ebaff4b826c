from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.places.conftest import ISTANBUL, MOSCOW, MOSCOW_IDAHO, SEOUL
from twintowns.places.models import Place
from twintowns.places.services import GazetteerReport


def _listed(response: Any) -> list[int]:
    return [place.geonameid for place in response.context["cl"].result_list]


@pytest.mark.django_db
def test_admin_finds_places_by_any_spelling_or_geonames_id(
    gazetteer: GazetteerReport, admin_client: Client
) -> None:
    url = reverse("admin:places_place_changelist")

    assert _listed(admin_client.get(url, {"q": "Москва"})) == [MOSCOW, MOSCOW_IDAHO]
    assert _listed(admin_client.get(url, {"q": "İSTANBUL"})) == [ISTANBUL]
    assert _listed(admin_client.get(url, {"q": str(SEOUL)})) == [SEOUL]


@pytest.mark.django_db
def test_admin_shows_the_gazetteer_without_letting_it_be_edited(
    gazetteer: GazetteerReport, admin_client: Client
) -> None:
    istanbul = Place.objects.get(geonameid=ISTANBUL)

    page = admin_client.get(reverse("admin:places_place_change", args=[istanbul.pk]))
    adding = admin_client.get(reverse("admin:places_place_add"))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "konstantinopel" in page.content.decode()
    assert adding.status_code == 403


@pytest.mark.django_db
def test_admin_lists_regions_and_shows_each_place_in_its_region(
    gazetteer: GazetteerReport, admin_client: Client
) -> None:
    regions = admin_client.get(reverse("admin:places_region_changelist"), {"q": "Styria"})
    places = admin_client.get(reverse("admin:places_place_changelist"), {"q": "İstanbul"})

    assert [(r.name, r.country_id) for r in regions.context["cl"].result_list] == [("Styria", "AT")]
    assert [p.region.name for p in places.context["cl"].result_list] == ["Istanbul"]
    assert 'class="field-region nowrap">Istanbul, Turkey<' in places.content.decode()
