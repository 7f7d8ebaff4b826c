"""The suggestions page: the candidates with their reasons, filtered, our own partners left out."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import CountryFactory, PartnershipFactory, PlaceFactory, twin

pytestmark = pytest.mark.django_db
# session, user, roles; the seat; the directory's state for the cache key, and whether it
# changed; the authority's partners, organizations and themes (4); the suggested places; the
# countries of the filter
QUERIES = 12


@pytest.fixture
def network(authority):  # type: ignore[no-untyped-def]
    """Ankara's partners Seoul and Kyiv are both twinned with Baku; Kyiv also with Lyon."""
    ankara = PlaceFactory(name="Ankara")
    authority.place = ankara
    authority.save()
    france = CountryFactory(code="FR", name="France", name_tr="Fransa", continent="EU")
    places = {name: PlaceFactory(name=name) for name in ["Seoul", "Kyiv", "Baku"]}
    places["Lyon"] = PlaceFactory(name="Lyon", country=france)
    for first, second in [("Seoul", "Baku"), ("Kyiv", "Baku"), ("Kyiv", "Lyon")]:
        twin(places[first], places[second])
    twin(ankara, places["Seoul"])
    for name in ["Seoul", "Kyiv"]:
        PartnershipFactory(authority=authority, partner=places[name])
    return places


def test_the_best_candidate_comes_first_with_its_reason(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:suggest"))

    suggestions = response.context["suggestions"]
    names = [s.place.name for s in suggestions]
    assert names[0] == "Baku"
    assert {"Seoul", "Kyiv", "Ankara"}.isdisjoint(names)
    assert "Twinned with 2 of your partners: Kyiv, Seoul" in suggestions[0].reasons
    assert "Twinned with 2 of your partners: Kyiv, Seoul" in response.content.decode()


def test_a_country_filter_keeps_only_its_cities(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:suggest"), {"country": "FR"})

    assert [s.place.name for s in response.context["suggestions"]] == ["Lyon"]


def test_without_a_seat_there_is_nothing_to_suggest(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:suggest"))

    assert response.context["suggestions"] == []
    assert "seat city is not recorded" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 2])
def test_the_page_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    editor_client, authority, network, django_assert_num_queries, extra
) -> None:
    for i in range(extra):
        partner = PlaceFactory(name=f"Partner {i}")
        twin(partner, network["Baku"])
        PartnershipFactory(authority=authority, partner=partner)
    editor_client.get(reverse("network:suggest"))  # the network is loaded once per process
    cache.clear()  # the suggestions are kept there: measure them computed

    with django_assert_num_queries(QUERIES):
        response = editor_client.get(reverse("network:suggest"))
    # Kept: session, user, roles, the seat, the directory's state, the countries of the filter.
    with django_assert_num_queries(6):
        editor_client.get(reverse("network:suggest"))

    assert response.context["suggestions"][0].place.name == "Baku"


def test_a_new_partner_leaves_the_kept_suggestions_at_once(  # type: ignore[no-untyped-def]
    editor_client, authority, network
) -> None:
    first = editor_client.get(reverse("network:suggest")).context["suggestions"]
    assert first[0].place.name == "Baku"

    PartnershipFactory(authority=authority, partner=network["Baku"])

    again = editor_client.get(reverse("network:suggest")).context["suggestions"]
    assert "Baku" not in [s.place.name for s in again]
