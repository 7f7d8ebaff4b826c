"""What the ranking knows of each candidate seen from a query city: the features of stage one.

Computed for every node of the network at once, from the network alone (so an evaluation that
hides relations computes them without those): its twins shared with the city's partners (common
neighbours, Adamic-Adar, resource allocation), paths of length three and four, its popularity,
how often cities of the query's country (and of its region, on a grid and nearby) twin with the
candidate's, where the query's own partners are, distance, population and capitals.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from twintowns.directory.ranking.network import EARTH_RADIUS_KM, Attributes, Network

FEATURES: tuple[str, ...] = (
    "common",  # log(1 + shared twins)
    "adamic_adar",
    "resource_allocation",
    "paths3",  # log(1 + L3: paths of length 3 over sqrt degrees)
    "popularity",  # log(1 + degree)
    "country_pair",  # log share of the query country's twinnings going to the candidate's
    "own_countries",  # log share of the query's partners in the candidate's country
    "in_country",  # log share of its country's twinnings the candidate holds
    "distance",  # log(1 + km / 100)
    "population_gap",  # |log population ratio|
    "size",  # log(1 + population)
    "capitals",  # both capitals
    "capital",
    "same_continent",
    "same_country",
    # log(1 + the query's partners) times four of the above: structure tells more, and the
    # country less, about a well-twinned city
    "query_degree_x_popularity",
    "query_degree_x_country_pair",
    "query_degree_x_paths3",
    "query_degree_x_resource_allocation",
    "popularity_squared",
    "any_common",  # 1 when it shares at least one twin
    "region_pair",  # log(1 + twinnings between the query's 1-degree cell and the candidate's)
    "wide_region_pair",  # the same between 4-degree cells
    "twins_in_my_country",  # log(1 + the candidate's twins in the query's country)
    "twins_near_me",  # log(1 + its twins near the query, each weighed by exp(-km / 30))
    "region_near",  # log(1 + twinnings between places near the query and places near it)
    "near_my_partners",  # log(1 + the query's partners near it, weighed the same way)
    "paths4",  # log(1 + paths of length 4 over sqrt degrees)
)
REGION_DEGREES = (1.0, 4.0)
# "Near": within NEARBY_CUTOFF_KM, weighed exp(-km / NEARBY_SCALE_KM).
NEARBY_SCALE_KM = 30.0
NEARBY_CUTOFF_KM = 90.0


@dataclass(frozen=True)
class Query:
    """The city asking: its node (None when the directory lacks it), partners, attributes."""

    node: int | None
    neighbours: np.ndarray
    attributes: Attributes


@dataclass(eq=False)
class Statistics:
    """What every query over one network shares, computed once per network."""

    network: Network
    degree: np.ndarray = field(init=False)
    country_pairs: np.ndarray = field(init=False)
    in_country: np.ndarray = field(init=False)
    regions: list["Regions"] = field(init=False)
    nearby: sparse.csr_array = field(init=False)  # nodes x nodes, the weight of "near"
    profile: sparse.csr_array = field(init=False)  # nodes x countries, twins in each
    profile_norm: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        network = self.network
        self.regions = [Regions.of(network, degrees) for degrees in REGION_DEGREES]
        self.nearby = _nearby(network)
        self.profile = sparse.csr_array(network.adjacency @ network.country_membership())
        self.profile_norm = np.sqrt(np.asarray(self.profile.multiply(self.profile).sum(axis=1)))
        self.degree = network.degree.astype(np.float64)
        self.country_pairs = network.country_pairs()
        totals = np.bincount(
            network.country, weights=self.degree + 1, minlength=len(network.countries) + 1
        )
        self.in_country = np.log((self.degree + 1) / totals[network.country])


@dataclass(frozen=True, eq=False)
class Regions:
    """Nodes in cells of a grid of `degrees`, and twinnings between each pair of cells."""

    degrees: float
    cells: dict[tuple[int, int], int]
    cell: np.ndarray
    pairs: sparse.csr_array

    @classmethod
    def of(cls, network: Network, degrees: float) -> "Regions":
        keys = list(zip(*_grid(network.latitude, network.longitude, degrees), strict=True))
        cells: dict[tuple[int, int], int] = {}
        cell = np.array([cells.setdefault(key, len(cells)) for key in keys], dtype=np.int64)
        membership = sparse.csr_array(
            (np.ones(network.size), (np.arange(network.size), cell)),
            shape=(network.size, len(cells)),
        )
        pairs = sparse.csr_array(membership.T @ network.adjacency @ membership)
        return cls(degrees, cells, cell, pairs)

    def affinity(self, latitude: float, longitude: float) -> np.ndarray:
        """log(1 + twinnings between the point's cell and each node's cell)."""
        lat, lng = _grid(np.array([latitude]), np.array([longitude]), self.degrees)
        index = self.cells.get((int(lat[0]), int(lng[0])))
        if index is None:
            return np.zeros(len(self.cell))
        row = self.pairs[[index], :].toarray()[0]
        return np.asarray(np.log1p(row[self.cell]))


def _nearby(network: Network) -> sparse.csr_array:
    """exp(-km / NEARBY_SCALE_KM) between nodes closer than NEARBY_CUTOFF_KM, 1 on the diagonal."""
    from scipy import spatial  # on first use: see the package's docstring

    latitude, longitude = np.radians(network.latitude), np.radians(network.longitude)
    points = EARTH_RADIUS_KM * np.column_stack(
        [
            np.cos(latitude) * np.cos(longitude),
            np.cos(latitude) * np.sin(longitude),
            np.sin(latitude),
        ]
    )
    tree = spatial.KDTree(points)
    # Chord lengths, within a few metres of great-circle ones at these distances.
    pairs = tree.sparse_distance_matrix(tree, NEARBY_CUTOFF_KM, output_type="coo_matrix")
    weights = sparse.csr_array(
        (np.exp(-pairs.data / NEARBY_SCALE_KM), (pairs.row, pairs.col)),
        shape=(network.size, network.size),
    )
    return sparse.csr_array(weights + sparse.eye_array(network.size, format="csr"))


def _grid(
    latitude: np.ndarray, longitude: np.ndarray, degrees: float
) -> tuple[list[int], list[int]]:
    return (
        np.floor(latitude / degrees).astype(int).tolist(),
        np.floor(longitude / degrees).astype(int).tolist(),
    )


_statistics: dict[int, Statistics] = {}


def statistics(network: Network) -> Statistics:
    """The statistics of a network, kept while it is the one in use."""
    found = _statistics.get(id(network))
    if found is None or found.network is not network:
        _statistics.clear()
        found = _statistics[id(network)] = Statistics(network)
    return found


def features(stats: Statistics, query: Query) -> np.ndarray:
    """Every node's features as a candidate for `query` (nodes x FEATURES)."""
    network, degree = stats.network, stats.degree
    adjacency = network.adjacency
    mine = np.zeros(network.size)
    mine[query.neighbours] = 1.0
    with np.errstate(divide="ignore"):
        inverse_log = np.where(degree > 1, 1 / np.log(np.maximum(degree, 2)), 0.0)
        inverse = np.where(degree > 0, 1 / np.maximum(degree, 1), 0.0)
        inverse_sqrt = np.sqrt(inverse)
    common = adjacency @ mine
    paths3 = adjacency @ ((adjacency @ (mine * inverse_sqrt)) * inverse_sqrt)
    me = query.attributes
    country_row = stats.country_pairs[me.country] if me.country < len(network.countries) else None
    popularity = np.log1p(degree)
    country_pair = _log_share(country_row, network.country, len(network.countries))
    resource_allocation = adjacency @ (mine * inverse)
    reach = np.log1p(len(query.neighbours))
    kilometres = network.distances_km(me.latitude, me.longitude)
    near_me = np.where(kilometres < NEARBY_CUTOFF_KM, np.exp(-kilometres / NEARBY_SCALE_KM), 0.0)
    twins_near_me = adjacency @ near_me
    in_my_country = (network.country == me.country).astype(np.float64)
    paths4 = adjacency @ (
        inverse_sqrt * (adjacency @ (inverse * (adjacency @ (mine * inverse_sqrt))))
    )
    values = {
        "common": np.log1p(common),
        "adamic_adar": adjacency @ (mine * inverse_log),
        "resource_allocation": resource_allocation,
        "paths3": np.log1p(paths3),
        "popularity": popularity,
        "country_pair": country_pair,
        "own_countries": _own_countries(network, query.neighbours),
        "in_country": stats.in_country,
        "distance": np.log1p(kilometres / 100),
        "population_gap": np.abs(np.log1p(network.population) - np.log1p(me.population)),
        "size": np.log1p(network.population),
        "capitals": network.capital & me.capital,
        "capital": network.capital,
        "same_continent": network.continent == me.continent,
        "same_country": network.country == me.country,
        "query_degree_x_popularity": reach * popularity,
        "query_degree_x_country_pair": reach * country_pair,
        "query_degree_x_paths3": reach * np.log1p(paths3),
        "query_degree_x_resource_allocation": reach * resource_allocation,
        "popularity_squared": popularity**2,
        "any_common": common > 0,
        "region_pair": stats.regions[0].affinity(me.latitude, me.longitude),
        "wide_region_pair": stats.regions[1].affinity(me.latitude, me.longitude),
        "twins_in_my_country": np.log1p(adjacency @ in_my_country),
        "twins_near_me": np.log1p(twins_near_me),
        "region_near": np.log1p(stats.nearby @ twins_near_me),
        "near_my_partners": np.log1p(stats.nearby @ mine),
        "paths4": np.log1p(paths4),
    }
    return np.column_stack([np.asarray(values[name], dtype=np.float64) for name in FEATURES])


def _log_share(row: np.ndarray | None, country: np.ndarray, countries: int) -> np.ndarray:
    """log P(partner's country | query's country), smoothed; flat for an unknown country."""
    if row is None:
        return np.full(len(country), -np.log(countries + 1))
    row = row[: countries + 1] + 0.5
    return np.asarray(np.log(row / row.sum())[country])


def _own_countries(network: Network, neighbours: np.ndarray) -> np.ndarray:
    counts = np.bincount(network.country[neighbours], minlength=len(network.countries) + 1)
    return np.asarray(np.log((counts + 0.1) / (len(neighbours) + 1))[network.country])
