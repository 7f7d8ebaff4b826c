"""The directory as an in-memory network: nodes, edges, attributes, capitals, the cache."""

import numpy as np
import pytest

from tests.factories import CountryFactory, PlaceFactory, twin
from twintowns.directory.ranking import network
from twintowns.places.models import Place


@pytest.fixture(autouse=True)
def _fresh_network() -> None:
    network.clear_caches()


@pytest.fixture
def places(db: None) -> dict[str, Place]:
    tr = CountryFactory(code="TR", name="Turkey", name_tr="Türkiye", continent="AS")
    ge = CountryFactory(code="GE", name="Georgia", name_tr="Gürcistan", continent="AS")
    found = {
        "Ankara": PlaceFactory(name="Ankara", country=tr, population=5_000_000),
        "Tbilisi": PlaceFactory(name="Tbilisi", country=ge, population=1_100_000),
        "Kutaisi": PlaceFactory(name="Kutaisi", country=ge, population=150_000),
        "Konya": PlaceFactory(name="Konya", country=tr, population=2_000_000),
    }
    twin(found["Ankara"], found["Tbilisi"])
    twin(found["Tbilisi"], found["Kutaisi"])
    return found


def test_the_network_holds_the_twinned_places_and_their_attributes(
    places: dict[str, Place],
) -> None:
    net = network.directory()

    assert net.place_ids.tolist() == [places[n].pk for n in ("Ankara", "Tbilisi", "Kutaisi")]
    ankara, tbilisi, kutaisi = 0, 1, 2
    assert net.node(places["Tbilisi"].pk) == tbilisi
    assert net.node(places["Konya"].pk) is None
    assert net.adjacency.nnz == 4
    assert net.neighbours(tbilisi).tolist() == [ankara, kutaisi]
    assert net.degree.tolist() == [1, 2, 1]
    assert net.countries == ("GE", "TR")
    assert net.attributes(ankara) == network.Attributes(
        country=1, continent=2, population=5_000_000.0, latitude=37.5, longitude=127.0, capital=True
    )
    assert bool(net.capital[tbilisi]) is True
    assert bool(net.capital[kutaisi]) is False


def test_a_place_outside_the_network_has_its_attributes_from_the_gazetteer(
    places: dict[str, Place],
) -> None:
    net = network.directory()

    konya = net.attributes_of(places["Konya"])

    assert (konya.country, konya.population, konya.capital) == (1, 2_000_000.0, False)


def test_the_edges_come_back_once_each_and_can_be_hidden(places: dict[str, Place]) -> None:
    net = network.directory()
    edges = net.edges()

    training = net.without(edges[:1])

    assert len(edges) == 2
    assert training.edges().tolist() == edges[1:].tolist()
    assert net.edges().tolist() == edges.tolist()


def test_country_pairs_count_twinnings_both_ways(places: dict[str, Place]) -> None:
    pairs = network.directory().country_pairs()

    # GE-GE once (counted from both ends), GE-TR once
    assert pairs[:2, :2].tolist() == [[2.0, 1.0], [1.0, 0.0]]


def test_loading_takes_a_fixed_number_of_queries(
    places: dict[str, Place],
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    # key twice (outside and inside the lock), edges, places, capitals (countries, names, and
    # the regions' names once: this test's two countries leave the other capitals' codes unread)
    with django_assert_num_queries(7):
        network.directory()
    with django_assert_num_queries(1):
        network.directory()


def test_distances_are_great_circle_kilometres(places: dict[str, Place]) -> None:
    net = network.directory()

    assert np.allclose(net.distances_km(37.5, 127.0), 0.0)
    assert net.distances_km(0.0, 127.0)[0] == pytest.approx(4169.8, abs=1)
