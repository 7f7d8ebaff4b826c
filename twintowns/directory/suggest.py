"""Partner suggestions: every place of the directory ranked as the next partner of a city.

The features (`ranking/features.py`) and the two stages (`ranking/stages.py`) say how likely
each place is; this module applies the office's exclusions and filters and says why, in words.
The score a suggestion shows is the ranking's chance among the allowed candidates that this is
the city's next partner.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twintowns.directory.ranking import stages
from twintowns.directory.ranking.features import (
    FEATURES,
    NEARBY_CUTOFF_KM,
    Query,
    features,
    statistics,
)
from twintowns.directory.ranking.network import Network, directory
from twintowns.places.models import Continent, Country, Place

# Features count only from these, in the reasons, so noise does not make a reason.
SIMILAR_POPULATION = np.log(2.0)
NEARBY_KM = 300
# Added to a candidate's log-odds for each tie the authority has with it outside the directory.
ORGANIZATION_BONUS = 1.0
THEMES_BONUS = 0.5


@dataclass
class AuthorityContext:
    """An authority's partners, organizations and themes, and the places they connect it to."""

    partner_ids: frozenset[int] = frozenset()
    # Place id -> names of the organizations its authority shares with ours.
    organizations: dict[int, list[str]] = field(default_factory=dict)
    # Place id -> names of our themes its partnerships (or its own authority's) share.
    themes: dict[int, list[str]] = field(default_factory=dict)

    def bonus(self, place_id: int) -> float:
        return ORGANIZATION_BONUS * bool(self.organizations.get(place_id)) + THEMES_BONUS * bool(
            self.themes.get(place_id)
        )

    def reasons_for(self, place_id: int) -> list[str]:
        reasons = []
        if self.organizations.get(place_id):
            names = ", ".join(sorted(self.organizations[place_id]))
            reasons.append(_("Member of the same organization: %(names)s") % {"names": names})
        if self.themes.get(place_id):
            names = ", ".join(sorted(self.themes[place_id]))
            reasons.append(_("Shares your themes: %(names)s") % {"names": names})
        return reasons


class Filters(TypedDict, total=False):
    """What the candidates are narrowed to (`suggest`'s keywords; the suggest page's form)."""

    country: str | None  # ISO code
    continent: str | None
    min_population: int | None
    max_population: int | None
    top: int


@dataclass(frozen=True)
class Suggestion:
    place: Place
    score: float
    reasons: tuple[str, ...]
    shared_partners: tuple[Place, ...] = ()
    features: dict[str, float] = field(default_factory=dict)


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
    context: AuthorityContext | None = None,
) -> list[Suggestion]:
    """The best `top` candidate partners of `place`, with why; its twins never among them.

    With an authority's context (`selectors.authority_context`), its partners are excluded and
    count as the place's twins even when the directory lacks them, and shared organizations
    and themes become reasons too.
    """
    network = directory()
    context = context if context is not None else AuthorityContext()
    partner_ids = set(context.partner_ids)
    query = query_for(network, place, partner_ids)
    stats = statistics(network)
    columns = features(stats, query)
    allowed = _allowed(network, query, set(exclude) | partner_ids | {place.pk})
    allowed &= _filters(network, country, continent, min_population, max_population)
    chances = stages.shipped().log_chances(stats, query, columns, allowed, _bonus(network, context))
    chosen = stages.best(chances, allowed, top)
    return _explain(network, query, columns, np.exp(chances), chosen, context)


def _bonus(network: Network, context: AuthorityContext) -> np.ndarray:
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


def _explain(
    network: Network,
    query: Query,
    columns: np.ndarray,
    probability: np.ndarray,
    chosen: np.ndarray,
    context: AuthorityContext,
) -> list[Suggestion]:
    mine = set(int(n) for n in query.neighbours)
    shared = {int(c): [int(n) for n in network.neighbours(int(c)) if n in mine] for c in chosen}
    wanted = {int(network.place_ids[n]) for n in chosen}
    wanted |= {int(network.place_ids[n]) for nodes in shared.values() for n in nodes}
    places = Place.objects.select_related("country").in_bulk(sorted(wanted))
    home = _country_name(network, query.attributes.country)
    near = network.distances_km(query.attributes.latitude, query.attributes.longitude)
    near_me = near < NEARBY_CUTOFF_KM
    suggestions = []
    for node in (int(c) for c in chosen):
        place = places[int(network.place_ids[node])]
        partners = tuple(places[int(network.place_ids[n])] for n in shared[node])
        nearby = int(np.sum(near_me[network.neighbours(node)]))
        reasons = _reasons(network, query, columns[node], node, place, partners, home)
        if nearby and not partners:
            reasons.insert(
                0,
                ngettext(
                    "Twinned with %(count)d city near you",
                    "Twinned with %(count)d cities near you",
                    nearby,
                )
                % {"count": nearby},
            )
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
            _("Similar population (%(population)s)")
            % {"population": number_format(place.population, force_grouping=True)}
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
