from typing import Any

import pytest
from django.db import connection

from tests.places.conftest import (
    BEIJING,
    CHISINAU,
    CHISINEU_CRIS,
    IGDIR,
    IGDIR_VILLAGE,
    ISTANBUL,
    MOSCOW,
    MOSCOW_IDAHO,
    PEKIN_ILLINOIS,
    SEOUL,
    ULAANBAATAR,
    VIANA_DO_CASTELO,
    VIENNA,
    VIENNA_VIRGINIA,
    VIENNA_WEST_VIRGINIA,
)
from twintowns.places.models import Place, PlaceName, PlaceNameTail
from twintowns.places.selectors import place_ids_matching, place_search, places_matching
from twintowns.places.services import GazetteerReport


def _found(query: str) -> list[int | None]:
    return [place.geonameid for place in places_matching(query)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "geonameids"),
    [
        ("istanbul", [ISTANBUL]),
        ("İSTANBUL", [ISTANBUL]),
        ("igdir", [IGDIR, IGDIR_VILLAGE]),
        ("Iğdır", [IGDIR, IGDIR_VILLAGE]),
        # Chişineu-Criş, Romania, is also written "Chisinau-Cris".
        ("chisinau", [CHISINAU, CHISINEU_CRIS]),
        ("Chișinău", [CHISINAU, CHISINEU_CRIS]),
        ("kishinev", [CHISINAU]),
        ("pekin", [BEIJING, PEKIN_ILLINOIS]),
        ("viyana", [VIENNA, VIANA_DO_CASTELO]),
        ("vienna", [VIENNA, VIENNA_VIRGINIA, VIENNA_WEST_VIRGINIA]),
        ("ulan bator", [ULAANBAATAR]),
        ("Ulan-Bator", [ULAANBAATAR]),
        ("ulaanbaatar", [ULAANBAATAR]),
        ("seul", [SEOUL]),
        ("москва", [MOSCOW, MOSCOW_IDAHO]),
        ("Moskova", [MOSCOW]),
    ],
)
def test_places_are_found_by_any_spelling_most_populous_first(
    gazetteer: GazetteerReport, query: str, geonameids: list[int]
) -> None:
    assert _found(query) == geonameids


@pytest.mark.django_db
def test_places_are_found_by_a_word_inside_their_name(gazetteer: GazetteerReport) -> None:
    assert _found("bator") == [ULAANBAATAR]
    assert _found("castelo") == [VIANA_DO_CASTELO]


@pytest.mark.django_db
def test_a_place_with_many_matching_names_is_listed_once(gazetteer: GazetteerReport) -> None:
    # Istanbul has "istanbul", "istanbu", "istambul", "istampoul", ... all starting "ist".
    assert _found("ist") == [ISTANBUL]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "  ", "-'", "atlantis"])
def test_nothing_is_found_for_an_empty_or_unknown_name(
    gazetteer: GazetteerReport, query: str
) -> None:
    assert _found(query) == []
    assert place_search(query) == []


@pytest.mark.django_db
def test_place_search_limits_and_selects_the_country(
    gazetteer: GazetteerReport, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        found = place_search("vienna", limit=2)
        labels = [(place.geonameid, place.country.name) for place in found]

    assert labels == [(VIENNA, "Austria"), (VIENNA_VIRGINIA, "United States")]


@pytest.mark.django_db
def test_place_ids_matching_filters_other_querysets(gazetteer: GazetteerReport) -> None:
    ids = place_ids_matching("Pekin")

    in_china = Place.objects.filter(id__in=ids, country__code="CN")
    capitals = Place.objects.filter(
        geonameid__in=[BEIJING, SEOUL, MOSCOW], id__in=place_ids_matching("seul")
    )
    assert [p.geonameid for p in in_china] == [BEIJING]
    assert [p.geonameid for p in capitals] == [SEOUL]


@pytest.fixture
def many_names(gazetteer: GazetteerReport) -> None:
    """A gazetteer's proportions (some 4 names a place): planners choose as on the real one."""
    country = Place.objects.get(geonameid=VIENNA).country
    places = Place.objects.bulk_create(
        Place(name=f"Town {i}", country=country, latitude=0, longitude=0) for i in range(5_000)
    )
    PlaceName.objects.bulk_create(
        PlaceName(place=place, folded=f"town {i} {n}")
        for i, place in enumerate(places)
        for n in range(4)
    )
    PlaceNameTail.objects.bulk_create(
        PlaceNameTail(place=place, folded=f"{i} {n}")
        for i, place in enumerate(places)
        for n in range(4)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.django_db
def test_name_search_reads_the_folded_indexes_not_whole_tables(many_names: None) -> None:
    plan = places_matching("viyana")[:20].explain()

    assert "placename_folded" in plan, plan
    assert "placenametail_folded" in plan, plan
    assert "SCAN U0" not in plan, plan  # SQLite's words for reading a whole table
    assert "Seq Scan on places_placename" not in plan, plan  # PostgreSQL's
