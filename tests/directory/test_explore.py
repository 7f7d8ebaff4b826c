"""Exploring the directory: a place's twins, their twins, and the network's figures."""

import json

import pytest
from django.urls import reverse

from tests.factories import CountryFactory, PartnershipFactory, PlaceFactory, twin
from twintowns.directory.selectors import network_figures, twins_of, twins_of_twins

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():  # type: ignore[no-untyped-def]
    """Ankara twinned with Seoul, Bonn and Tbilisi; Seoul and Bonn with Kyiv; Bonn with Oxford."""
    turkey = CountryFactory(code="TR", name="Turkey", name_tr="Türkiye", continent="AS")
    germany = CountryFactory(code="DE", name="Germany", name_tr="Almanya", continent="EU")
    places = {
        name: PlaceFactory(name=name, country=country)
        for name, country in [
            ("Ankara", turkey),
            ("Seoul", CountryFactory()),
            ("Bonn", germany),
            ("Tbilisi", CountryFactory(code="GE", name="Georgia", name_tr="Gürcistan")),
            ("Kyiv", CountryFactory(code="UA", name="Ukraine", name_tr="Ukrayna")),
            (
                "Oxford",
                CountryFactory(code="GB", name="United Kingdom", name_tr="Birleşik Krallık"),
            ),
        ]
    }
    for first, second in [
        ("Ankara", "Seoul"),
        ("Bonn", "Ankara"),  # stored the other way round: the smaller id first
        ("Ankara", "Tbilisi"),
        ("Seoul", "Kyiv"),
        ("Bonn", "Kyiv"),
        ("Bonn", "Oxford"),
    ]:
        twin(places[first], places[second])
    return places


def test_a_place_has_its_twins_most_twinned_first(network) -> None:  # type: ignore[no-untyped-def]
    twins = twins_of(network["Ankara"])

    assert [(t.name, t.degree) for t in twins] == [("Bonn", 3), ("Seoul", 2), ("Tbilisi", 1)]


def test_twins_of_twins_leave_out_the_place_and_its_twins(network) -> None:  # type: ignore[no-untyped-def]
    ankara = network["Ankara"]

    reach = twins_of_twins(ankara, twins_of(ankara))

    assert [(r.place.name, r.paths) for r in reach] == [("Kyiv", 2), ("Oxford", 1)]


def test_the_network_figures_count_each_twinning_once(network) -> None:  # type: ignore[no-untyped-def]
    figures = network_figures()
    charts = {c.slug: c for c in figures.charts}

    assert (figures.twinnings, figures.places) == (6, 6)
    assert [(r.label, r.values) for r in charts["most-twinned"].rows][:2] == [
        ("Ankara, Turkey", [3]),
        ("Bonn, Germany", [3]),
    ]
    assert [(r.label, r.values) for r in charts["degree-distribution"].rows][:3] == [
        ("1", [2]),  # Tbilisi, Oxford
        ("2", [2]),  # Seoul, Kyiv
        ("3", [2]),  # Ankara, Bonn
    ]
    pairs = [(r.label, r.values) for r in charts["country-pairs"].rows]
    assert sum(v[0] for _label, v in pairs) == 6
    assert ("Germany – Turkey", [1]) in pairs


def test_the_place_page_marks_the_authoritys_partners(  # type: ignore[no-untyped-def]
    editor_client, authority, network
) -> None:
    PartnershipFactory(authority=authority, partner=network["Seoul"])

    response = editor_client.get(reverse("network:place", args=[network["Ankara"].pk]))

    body = response.content.decode()
    assert [t.name for t in response.context["twins"]] == ["Bonn", "Seoul", "Tbilisi"]
    assert response.context["partner_ids"] == {network["Seoul"].pk}
    assert body.count("our partner") == 1


def test_the_place_geojson_starts_with_the_place_longitude_first(  # type: ignore[no-untyped-def]
    editor_client, network
) -> None:
    ankara = network["Ankara"]

    data = json.loads(editor_client.get(reverse("network:place_geojson", args=[ankara.pk])).content)

    assert [f["properties"]["name"] for f in data["features"]] == [
        "Ankara",
        "Bonn",
        "Seoul",
        "Tbilisi",
    ]
    assert data["features"][0]["geometry"]["coordinates"] == [ankara.longitude, ankara.latitude]


def test_the_network_page_finds_places_by_name(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:index"), {"q": "bon"})

    assert [p.name for p in response.context["found"]] == ["Bonn"]


def test_a_figure_downloads_as_csv(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:figure_csv", args=["degree-distribution"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[:4] == ["Twins,Places", "1,2", "2,2", "3,2"]


def test_visitors_are_sent_to_log_in(client, network) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("network:place", args=[network["Ankara"].pk]))

    assert response.status_code == 302


@pytest.mark.parametrize("extra", [0, 2])
def test_the_pages_cost_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    editor_client, network, django_assert_num_queries, extra
) -> None:
    ankara = network["Ankara"]
    for i in range(extra):
        twin(ankara, PlaceFactory(name=f"Extra {i}"))

    # session, user, roles; the place, its twins, twins of twins (2) and their places, partners
    with django_assert_num_queries(9):
        editor_client.get(reverse("network:place", args=[ankara.pk]))
    # session, user, roles; the directory's state, degrees (2), top places, country pairs and
    # their countries; then, kept in the cache, only the state
    with django_assert_num_queries(9):
        editor_client.get(reverse("network:index"))
    with django_assert_num_queries(4):
        editor_client.get(reverse("network:index"))


def test_the_figures_are_computed_again_after_an_import(network) -> None:  # type: ignore[no-untyped-def]
    assert network_figures().twinnings == 6

    twin(network["Tbilisi"], network["Oxford"])

    assert network_figures().twinnings == 7


def _rows(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(t.places[0].name, t.places[1].name) for t in response.context["page"]]


def test_the_twinnings_table_lists_every_twinning_in_recorded_order(  # type: ignore[no-untyped-def]
    editor_client, network
) -> None:
    response = editor_client.get(reverse("network:twinnings"))

    assert response.status_code == 200
    assert len(_rows(response)) == 6
    assert _rows(response)[0] == ("Ankara", "Seoul")
    assert "6 twinnings" in response.text


def test_the_twinnings_table_filters_by_country_that_country_first(  # type: ignore[no-untyped-def]
    editor_client, network
) -> None:
    response = editor_client.get(reverse("network:twinnings"), {"country": "DE"})

    # Bonn has the larger id than Ankara, yet stands first: it is the place asked for.
    assert _rows(response) == [("Bonn", "Ankara"), ("Bonn", "Kyiv"), ("Bonn", "Oxford")]


def test_the_twinnings_table_filters_by_place_name(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:twinnings"), {"q": "kyi"})

    assert _rows(response) == [("Kyiv", "Seoul"), ("Kyiv", "Bonn")]


def test_the_twinnings_table_pages_by_100_keeping_the_filter(  # type: ignore[no-untyped-def]
    editor_client, network
) -> None:
    bonn = network["Bonn"]
    germany = bonn.country
    for _ in range(100):
        twin(bonn, PlaceFactory(country=germany))

    response = editor_client.get(reverse("network:twinnings"), {"country": "DE", "page": 2})

    assert len(_rows(response)) == 3  # 103 German twinnings: 100, then 3
    assert 'href="?country=DE&amp;page=1"' in response.text


def test_the_twinnings_table_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    editor_client, network, django_assert_num_queries
) -> None:
    url = reverse("network:twinnings")
    # Session, user, role, partners to mark, the country asked for and the countries to choose
    # from, the count, the page's ids, its rows, their sources.
    with django_assert_num_queries(10):
        editor_client.get(url, {"country": "DE"})
    for _ in range(20):
        twin(network["Bonn"], PlaceFactory(country=network["Bonn"].country))
    with django_assert_num_queries(10):
        editor_client.get(url, {"country": "DE"})


def test_visitors_must_log_in_to_see_the_twinnings_table(client, network) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("network:twinnings")).status_code == 302


def test_a_place_named_like_a_formula_is_text_in_the_network_csv(editor_client, network) -> None:  # type: ignore[no-untyped-def]
    network["Bonn"].name = "-2+3+cmd|' /C calc'!A0"
    network["Bonn"].save()

    response = editor_client.get(reverse("network:figure_csv", args=["most-twinned"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "\"'-2+3+cmd|' /C calc'!A0, Germany\",3"
