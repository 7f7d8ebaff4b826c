"""/api/v1/places: the gazetteer, searched by any name, behind a token."""

from typing import Any

import pytest

from tests.api.conftest import ApiClient
from tests.factories import PlaceFactory
from twintowns.authorities.models import Authority

pytestmark = pytest.mark.django_db


def test_search_by_any_spelling_most_populous_first(editor_api: ApiClient) -> None:
    PlaceFactory(name="Seoul", names=["Seul", "서울"], population=9_700_000)
    PlaceFactory(name="Seulingen", population=1_000)
    response = editor_api.get("places/", {"q": "seul"})
    assert [p["name"] for p in response.json()["items"]] == ["Seoul", "Seulingen"]
    assert [p["name"] for p in editor_api.get("places/", {"q": "서울"}).json()["items"]] == [
        "Seoul"
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_search_is_a_fixed_number_of_queries(
    editor_api: ApiClient, django_assert_num_queries: Any, n: int
) -> None:
    for i in range(n):
        PlaceFactory(name=f"Kazan {i}")
    with django_assert_num_queries(3):  # token with role, last use, places with countries
        response = editor_api.get("places/", {"q": "kazan"})
    assert len(response.json()["items"]) == n


def test_search_needs_words(editor_api: ApiClient) -> None:
    response = editor_api.get("places/")
    assert [(e["location"], e["field"]) for e in response.json()["detail"]] == [("query", "q")]


def test_get_a_place_and_404_for_none(editor_api: ApiClient) -> None:
    place = PlaceFactory(name="Seoul")
    body = editor_api.get(f"places/{place.pk}").json()
    assert (body["name"], body["country"]["code"]) == ("Seoul", "KR")
    assert editor_api.get(f"places/{place.pk + 1}").status_code == 404


def test_places_need_a_token(authority: Authority) -> None:
    assert ApiClient(None).get("places/", {"q": "seul"}).status_code == 401
