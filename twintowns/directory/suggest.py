"""Partner suggestions: every place of the directory scored as the next partner of a city.

The score is a log-linear model over features of the candidate seen from the query city: its
twins shared with the city's partners (common neighbours, Adamic-Adar, resource allocation),
paths of length three, its popularity, how often cities of the query's country (and of its
region, on a grid) twin with the candidate's, where the query's own partners are, distance,
population and capitals. The weights are those of a softmax over every node, fitted on
relations hidden from the network (`twintowns directory evaluate --fit`; the evaluation fits
its own on its training network only). The score a suggestion shows is that softmax among the
allowed candidates: the model's chance that this is the city's next partner.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy import sparse

from twintowns.directory.network import Attributes, Network, directory
from twintowns.places.models import Continent, Country, Place

if TYPE_CHECKING:
    from twintowns.authorities.models import Authority
    from twintowns.directory.selectors import AuthorityContext

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
)
REGION_DEGREES = (1.0, 4.0)
# Fitted by `twintowns directory evaluate --fit` on the whole directory (see the README).
FITTED = {
    "common": -0.5910,
    "adamic_adar": 0.4867,
    "resource_allocation": 16.3241,
    "paths3": 9.1875,
    "popularity": 1.1024,
    "country_pair": 0.9291,
    "own_countries": -0.2126,
    "in_country": 0.6030,
    "distance": -0.6951,
    "population_gap": -0.3481,
    "size": 0.2077,
    "capitals": 1.0970,
    "capital": -0.7689,
    "same_continent": -0.8190,
    "same_country": -1.0141,
    "query_degree_x_popularity": 0.0348,
    "query_degree_x_country_pair": -0.0907,
    "query_degree_x_paths3": -1.9176,
    "query_degree_x_resource_allocation": -4.7737,
    "popularity_squared": -0.2726,
    "any_common": 1.3341,
    "region_pair": 0.7550,
    "wide_region_pair": 0.0166,
}
WEIGHTS = np.array([FITTED[name] for name in FEATURES])
# Features count only from these, in the reasons, so noise does not make a reason.
SIMILAR_POPULATION = np.log(2.0)
NEARBY_KM = 300


@dataclass(frozen=True)
class Query:
    """The city asking: its node (None when the directory lacks it), partners, attributes."""

    node: int | None
    neighbours: np.ndarray
    attributes: Attributes


@dataclass(frozen=True)
class Suggestion:
    place: Place
    score: float
    reasons: tuple[str, ...]
    shared_partners: tuple[Place, ...] = ()
    features: dict[str, float] = field(default_factory=dict)


@dataclass(eq=False)
class Statistics:
    """What every query over one network shares, computed once per network."""

    network: Network
    degree: np.ndarray = field(init=False)
    country_pairs: np.ndarray = field(init=False)
    in_country: np.ndarray = field(init=False)
    regions: list["Regions"] = field(init=False)

    def __post_init__(self) -> None:
        network = self.network
        self.regions = [Regions.of(network, degrees) for degrees in REGION_DEGREES]
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
    values = {
        "common": np.log1p(common),
        "adamic_adar": adjacency @ (mine * inverse_log),
        "resource_allocation": resource_allocation,
        "paths3": np.log1p(paths3),
        "popularity": popularity,
        "country_pair": country_pair,
        "own_countries": _own_countries(network, query.neighbours),
        "in_country": stats.in_country,
        "distance": np.log1p(network.distances_km(me.latitude, me.longitude) / 100),
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


def scores(columns: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    return np.asarray(columns @ (WEIGHTS if weights is None else weights))


def query_for(network: Network, place: Place, partner_ids: Iterable[int] = ()) -> Query:
    """The query of a place: its twins in the directory, plus partners the directory lacks."""
    node = network.node(place.pk)
    known = network.neighbours(node) if node is not None else np.zeros(0, np.int64)
    extra = network.nodes([p for p in partner_ids if p != place.pk])
    neighbours = np.unique(np.concatenate([known, extra]).astype(np.int64))
    return Query(node=node, neighbours=neighbours, attributes=network.attributes_of(place))


def suggest(
    place: Place,
    *,
    exclude: Iterable[int] = (),
    country: str | None = None,
    continent: str | None = None,
    min_population: int | None = None,
    max_population: int | None = None,
    top: int = 10,
    authority: "Authority | None" = None,
) -> list[Suggestion]:
    """The best `top` candidate partners of `place`, with why; its twins never among them.

    With an authority, its partners are excluded and count as the place's twins even when
    the directory lacks them, and shared organizations and themes become reasons too.
    """
    from twintowns.directory.selectors import AuthorityContext, authority_context

    network = directory()
    context = authority_context(authority) if authority is not None else AuthorityContext()
    partner_ids = set(context.partner_ids)
    query = query_for(network, place, partner_ids)
    stats = statistics(network)
    columns = features(stats, query)
    raw = scores(columns) + _bonus(network, context)
    allowed = _allowed(network, query, set(exclude) | partner_ids | {place.pk})
    allowed &= _filters(network, country, continent, min_population, max_population)
    probability = _softmax(raw, allowed)
    chosen = _top(raw, allowed, top)
    return _explain(network, query, columns, probability, chosen, context)


def _bonus(network: Network, context: "AuthorityContext") -> np.ndarray:
    bonus = np.zeros(network.size)
    for place_id in set(context.organizations) | set(context.themes):
        node = network.node(place_id)
        if node is not None:
            bonus[node] = context.bonus(place_id)
    return bonus


def _allowed(network: Network, query: Query, excluded_ids: set[int]) -> np.ndarray:
    allowed = np.ones(network.size, dtype=bool)
    allowed[query.neighbours] = False
    allowed[network.nodes(sorted(excluded_ids))] = False
    if query.node is not None:
        allowed[query.node] = False
    return allowed


def _filters(
    network: Network,
    country: str | None,
    continent: str | None,
    min_population: int | None,
    max_population: int | None,
) -> np.ndarray:
    allowed = np.ones(network.size, dtype=bool)
    if country:
        code = country.upper()
        index = network.countries.index(code) if code in network.countries else -1
        allowed &= network.country == index
    if continent:
        codes = list(Continent.values)
        allowed &= network.continent == (codes.index(continent) if continent in codes else -1)
    if min_population is not None:
        allowed &= network.population >= min_population
    if max_population is not None:
        allowed &= network.population <= max_population
    return allowed


def _softmax(raw: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    probability = np.zeros_like(raw)
    if allowed.any():
        shifted = np.exp(raw[allowed] - raw[allowed].max())
        probability[allowed] = shifted / shifted.sum()
    return probability


def _top(raw: np.ndarray, allowed: np.ndarray, top: int) -> np.ndarray:
    """The best nodes, ties broken by node (that is, place id) so the order is stable."""
    candidates = np.flatnonzero(allowed)
    order = np.lexsort((candidates, -raw[candidates]))
    return np.asarray(candidates[order[:top]])


def _explain(
    network: Network,
    query: Query,
    columns: np.ndarray,
    probability: np.ndarray,
    chosen: np.ndarray,
    context: "AuthorityContext",
) -> list[Suggestion]:
    mine = set(int(n) for n in query.neighbours)
    shared = {int(c): [int(n) for n in network.neighbours(int(c)) if n in mine] for c in chosen}
    wanted = {int(network.place_ids[n]) for n in chosen}
    wanted |= {int(network.place_ids[n]) for nodes in shared.values() for n in nodes}
    places = Place.objects.select_related("country").in_bulk(sorted(wanted))
    home = _country_name(network, query.attributes.country)
    suggestions = []
    for node in (int(c) for c in chosen):
        place = places[int(network.place_ids[node])]
        partners = tuple(places[int(network.place_ids[n])] for n in shared[node])
        reasons = _reasons(network, query, columns[node], node, place, partners, home)
        reasons += context.reasons_for(place.pk)
        suggestions.append(
            Suggestion(
                place=place,
                score=round(float(probability[node]), 4),
                reasons=tuple(reasons),
                shared_partners=partners,
                features=dict(
                    zip(FEATURES, (round(float(v), 4) for v in columns[node]), strict=True)
                ),
            )
        )
    return suggestions


def _reasons(
    network: Network,
    query: Query,
    row: np.ndarray,
    node: int,
    place: Place,
    partners: tuple[Place, ...],
    home: str,
) -> list[str]:
    """Human-readable reasons, the strongest signals first, from the features that scored."""
    reasons = []
    values = dict(zip(FEATURES, row, strict=True))
    if partners:
        names = ", ".join(p.name for p in sorted(partners, key=lambda p: p.name)[:5])
        reasons.append(
            ngettext(
                "Twinned with %(count)d of your partners: %(names)s",
                "Twinned with %(count)d of your partners: %(names)s",
                len(partners),
            )
            % {"count": len(partners), "names": names}
        )
    elif values["paths3"] > 0:
        reasons.append(_("Linked to your partners through their own twins"))
    own = int(np.sum(network.country[query.neighbours] == network.country[node]))
    if own >= 2 and network.country[node] != query.attributes.country:
        reasons.append(
            _("%(count)d of your partners are in %(country)s")
            % {"count": own, "country": place.country.localized_name}
        )
    elif values["country_pair"] > np.log(0.05) and home:
        reasons.append(
            _("Cities in %(home)s often twin with cities in %(country)s")
            % {"home": home, "country": place.country.localized_name}
        )
    if values["region_pair"] >= np.log1p(3) and not partners:
        reasons.append(
            _("Cities around you often twin with cities around %(name)s") % {"name": place.name}
        )
    if values["capitals"]:
        reasons.append(_("Capital city like you"))
    if values["population_gap"] < SIMILAR_POPULATION and place.population:
        reasons.append(
            _("Similar population (%(population)s)") % {"population": f"{place.population:,}"}
        )
    if values["distance"] < np.log1p(NEARBY_KM / 100):
        reasons.append(_("Nearby"))
    degree = int(network.degree[node])
    if degree >= 10:
        reasons.append(_("Twinned with %(count)d cities") % {"count": degree})
    return reasons


def _country_name(network: Network, index: int) -> str:
    if index >= len(network.countries):
        return ""
    country = Country.objects.filter(pk=network.countries[index]).first()
    return country.localized_name if country else ""
