"""PlaceMatcher on real GeoNames rows: countries written many ways, ambiguity shown, not guessed."""

from typing import Any

import pytest

from tests.places.conftest import (
    BEIJING,
    CHISINAU,
    IGDIR,
    ISTANBUL,
    MOSCOW,
    MOSCOW_IDAHO,
    PEKIN_ILLINOIS,
    SEOUL,
    VIENNA,
    VIENNA_VIRGINIA,
    VIENNA_WEST_VIRGINIA,
)
from twintowns.places.matching import CountryResolver, Outcome, PlaceMatcher, Read, distance_km
from twintowns.places.models import Place
from twintowns.places.services import gazetteer_load

ALANYA = 324190
TAINAN = 1668355

pytestmark = pytest.mark.usefixtures("gazetteer")


def _id(geonameid: int) -> int:
    return Place.objects.get(geonameid=geonameid).pk


def test_a_country_written_three_ways_finds_the_same_place() -> None:
    pairs = [("İstanbul", "Türkiye"), ("Istanbul", "Turkey"), ("ISTANBUL", "tr")]
    matches = PlaceMatcher().resolve(pairs)
    assert {pair: m.outcome for pair, m in matches.items()} == dict.fromkeys(pairs, Outcome.MATCHED)
    assert {m.place_id for m in matches.values()} == {_id(ISTANBUL)}


def test_turkish_and_accented_names_are_folded() -> None:
    matches = PlaceMatcher().resolve([("IĞDIR", "Türkiye"), ("Chisinau", "Moldova")])
    assert matches[("IĞDIR", "Türkiye")].place_id == _id(IGDIR)
    assert matches[("Chisinau", "Moldova")].place_id == _id(CHISINAU)


def test_two_towns_of_similar_size_are_ambiguous_with_both_listed() -> None:
    match = PlaceMatcher().resolve([("Vienna", "United States")])[("Vienna", "United States")]
    assert match.outcome == Outcome.AMBIGUOUS
    assert match.place is None
    assert {c.place_id for c in match.candidates} == {
        _id(VIENNA_VIRGINIA),
        _id(VIENNA_WEST_VIRGINIA),
    }


def test_the_country_settles_what_the_name_alone_would_not() -> None:
    match = PlaceMatcher().resolve([("Vienna", "Austria")])[("Vienna", "Austria")]
    assert (match.outcome, match.place_id, match.largest_of) == (
        Outcome.MATCHED,
        _id(VIENNA),
        0,
    )


def test_a_far_larger_place_is_taken_and_says_so() -> None:
    match = PlaceMatcher().resolve([("Moscow", "")])[("Moscow", "")]
    assert (match.outcome, match.place_id, match.largest_of) == (Outcome.MATCHED, _id(MOSCOW), 2)


def test_unknown_place_and_unknown_country_are_told_apart() -> None:
    matches = PlaceMatcher().resolve([("Atlantis", "Greece"), ("Seoul", "Narnia")])
    assert matches[("Atlantis", "Greece")].outcome == Outcome.UNKNOWN
    assert matches[("Atlantis", "Greece")].country_code == "GR"
    assert matches[("Seoul", "Narnia")].outcome == Outcome.UNKNOWN_COUNTRY


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Grece", "GR"),
        ("Kazakhstah", "KZ"),
        ("England", "GB"),
        ("Scotland, United Kingdom", "GB"),
        ("Georgia (country)", "GE"),
        ("Brandenburg, Germany", "DE"),
        ("Güney Kore", "KR"),
        ("Almanya", "DE"),
        ("KR", "KR"),
        ("the Netherlands", "NL"),
        ("Japa", "JP"),
        ("Congo (Democratic Republic)", "CD"),
        ("Congo - Kinshasa", "CD"),
        ("Palestinian Territories", "PS"),
        ("Korea, North", "KP"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Ivory Coast", "CI"),
        ("Myanmar (Burma)", "MM"),
    ],
)
def test_countries_are_read_by_name_alias_code_or_small_typo(written: str, code: str) -> None:
    assert CountryResolver.load().resolve(written) == code


def test_a_typo_close_to_two_countries_is_not_guessed() -> None:
    # "Iran" and "Oman" are both one or two letters from "Iraq"-like typos; "Ira" is too short.
    assert CountryResolver.load().resolve("Ira") is None


def test_many_pairs_take_two_queries(django_assert_num_queries: Any) -> None:
    pairs = [(f"Town {n}", "Korea") for n in range(50)] + [("Seoul", "South Korea")]
    with django_assert_num_queries(2):
        matches = PlaceMatcher().resolve(pairs)
    assert matches[("Seoul", "South Korea")].place_id == _id(SEOUL)
    assert sum(m.outcome == Outcome.UNKNOWN for m in matches.values()) == 50


def test_coordinates_take_the_nearest_place_of_the_name_within_the_radius() -> None:
    near_west_virginia = ("Vienna", "United States", 39.33, -81.54)
    near_virginia = ("Vienna", "United States", 38.90, -77.26)
    matches = PlaceMatcher().resolve_located([near_west_virginia, near_virginia])
    assert (
        matches[near_west_virginia].place_id,
        matches[near_west_virginia].by_coordinates,
    ) == (_id(VIENNA_WEST_VIRGINIA), True)
    assert matches[near_virginia].place_id == _id(VIENNA_VIRGINIA)


def test_coordinates_far_from_every_candidate_leave_the_name_to_decide() -> None:
    in_kansas = ("Vienna", "United States", 38.5, -98.0)
    near_moscow_idaho = ("Moscow", "", 46.73, -117.0)
    moscow_far_away = ("Moscow", "", 0.0, 0.0)
    matches = PlaceMatcher().resolve_located([in_kansas, near_moscow_idaho, moscow_far_away])
    assert matches[in_kansas].outcome == Outcome.AMBIGUOUS
    assert matches[near_moscow_idaho].place_id == _id(MOSCOW_IDAHO)
    assert (matches[moscow_far_away].place_id, matches[moscow_far_away].largest_of) == (
        _id(MOSCOW),
        2,
    )


def test_a_region_after_a_comma_is_read_past() -> None:
    match = PlaceMatcher().resolve([("Seoul, Gyeonggi", "South Korea")])
    assert match[("Seoul, Gyeonggi", "South Korea")].place_id == _id(SEOUL)


def test_located_pairs_take_as_few_queries_as_plain_ones(django_assert_num_queries: Any) -> None:
    items = [(f"Town {n}", "Korea", 37.0, 127.0) for n in range(50)] + [
        ("Seoul", "South Korea", 37.56, 126.98)
    ]
    with django_assert_num_queries(2):
        matches = PlaceMatcher().resolve_located(items)
    assert matches[("Seoul", "South Korea", 37.56, 126.98)].place_id == _id(SEOUL)


@pytest.mark.parametrize(
    ("points", "km"), [((39.92, 32.85, 41.01, 28.95), 351), ((0.0, 0.0, 0.0, 180.0), 20015)]
)
def test_distance_is_the_great_circle_distance(
    points: tuple[float, float, float, float], km: int
) -> None:
    assert round(distance_km(*points)) == km


def test_republic_of_ireland_is_ireland() -> None:
    assert CountryResolver.load().resolve("Republic of Ireland") == "IE"


ODESA = 698740
ODESSA_TEXAS = 5527554
ALEXANDRIA = 361058
MASHHAD = 124665
ALEXANDRIA_VIRGINIA = 4744091
TURIN = 3165524
TURI = 3165094


@pytest.mark.parametrize(
    ("name", "geonameids"),
    [
        # Beijing's Turkish name, and the own name of Pekin, Illinois (33,000 people).
        ("Pekin", [BEIJING, PEKIN_ILLINOIS]),
        ("Odessa", [ODESA, ODESSA_TEXAS]),
    ],
)
def test_a_place_s_own_name_that_a_larger_place_is_also_known_by_is_asked_about(
    name: str, geonameids: list[int]
) -> None:
    gazetteer_load(geonameids={ODESA, ODESSA_TEXAS})
    match = PlaceMatcher().resolve([(name, "")])[(name, "")]
    assert (match.outcome, match.place_id, [c.place_id for c in match.candidates]) == (
        Outcome.AMBIGUOUS,
        None,
        [_id(g) for g in geonameids],
    )


def test_within_the_country_written_the_place_called_so_is_meant() -> None:
    gazetteer_load(geonameids={TURIN, TURI})
    match = PlaceMatcher().resolve([("Turi", "Italy")])[("Turi", "Italy")]
    assert (match.outcome, match.place_id) == (Outcome.MATCHED, _id(TURI))


def test_the_largest_place_called_so_is_taken_over_a_smaller_one_once_called_so() -> None:
    gazetteer_load(geonameids={ALEXANDRIA, MASHHAD, ALEXANDRIA_VIRGINIA})
    match = PlaceMatcher().resolve([("Alexandria", "")])[("Alexandria", "")]
    assert (match.outcome, match.place_id, match.largest_of) == (
        Outcome.MATCHED,
        _id(ALEXANDRIA),
        2,
    )


@pytest.mark.parametrize(
    ("written", "regions"),
    [
        ("Maryland", {("US", "Maryland, United States"), ("LR", "Maryland County, Liberia")}),
        ("Tasmania", {("AU", "Tasmania, Australia")}),
        ("Styria", {("AT", "Styria, Austria")}),
        ("Bursa", {("TR", "Bursa Province, Turkey")}),
        ("Chiba", {("JP", "Chiba, Japan")}),
        ("Granada", {("NI", "Granada Department, Nicaragua")}),
    ],
)
def test_a_region_is_read_as_a_region_never_as_a_country_a_letter_away(
    written: str, regions: set[tuple[str, str]]
) -> None:
    reading = CountryResolver.load().read(written)

    assert (reading.how, reading.whole, reading.code) == (Read.REGION, frozenset(), None)
    assert set(zip(sorted(reading.region_codes), reading.region_names, strict=True)) == regions


@pytest.mark.parametrize("written", ["Prussia", "Houston / Chiba", "Alanya", "Tainan"])
def test_a_name_that_is_no_country_nor_region_is_not_made_one(written: str) -> None:
    # Each is a letter from a country's name (Russia, China, Almanya, Taiwan); Alanya and
    # Tainan are places of the gazetteer, Prussia does not keep Russia's first letter.
    gazetteer_load(geonameids={ALANYA, TAINAN})

    assert CountryResolver.load().read(written).how == Read.UNKNOWN


def test_a_region_after_the_comma_tells_same_name_towns_apart() -> None:
    pairs = [("Vienna, Virginia", "United States"), ("Vienna, West Virginia", "")]

    matches = PlaceMatcher().resolve(pairs)

    assert matches[pairs[0]].place_id == _id(VIENNA_VIRGINIA)
    assert matches[pairs[1]].place_id == _id(VIENNA_WEST_VIRGINIA)
    assert matches[pairs[1]].regions == ("West Virginia, United States",)


def test_a_city_is_never_taken_outside_the_region_after_its_comma() -> None:
    pairs = [("Moscow, Idaho", ""), ("Moscow, Oregon", ""), ("Moscow, Narnia", "")]

    matches = PlaceMatcher().resolve(pairs)

    assert matches[pairs[0]].place_id == _id(MOSCOW_IDAHO)
    assert (matches[pairs[1]].outcome, matches[pairs[1]].place_id) == (Outcome.OUTSIDE_REGION, None)
    assert (matches[pairs[2]].outcome, matches[pairs[2]].read_past) == (
        Outcome.UNKNOWN_REGION,
        "Narnia",
    )
