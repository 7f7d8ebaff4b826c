"""Matching many (city, country) pairs written by people to gazetteer places, in a few queries.

A file lists "Frankfurt, Germany", "Köln, Almanya" or "Grece"; each pair comes back matched,
ambiguous (the candidates listed, for a person to choose) or unknown. Nothing is guessed among
real alternatives. The rule, which the place box of the forms shares (`places.resolution`):

The places with a name (their own or an alternate one, in any spelling the gazetteer folds
alike) equal to the name written, in the country when one is written, are the candidates. One
is taken without asking when it is the only one. Otherwise the places called so by their own
name come first, and the largest of them is taken when it is `DOMINANCE` times as populous as
the next one; when none is called so, the same holds among all ("Frankfurt, Germany" is
Frankfurt am Main, not Frankfurt (Oder)). Otherwise a person chooses.

Within a country written, the place called so is meant: "Turi, Italy" is Turi, not Turin,
one of whose many names is Turi. Without a country, a name that is a place's own and a larger
place's other name has two readings, and a person chooses: "Pekin" is Beijing in Turkish and
Pekin, Illinois; "Şam" Damascus and Sam, Benin; "Odessa" Odesa and Odessa, Texas. (On the
shipped directory, whose rows name their countries, the exception in the other direction
would have lost 26 of 17,716 names, each rightly matched to the place called so.)

A pair may come with the coordinates its writer had in mind (the Wikipedia lists were geocoded):
then, among the places of that name in that country, the nearest within `NEAR_KM` is taken,
which settles same-name towns (Frankfurt am Main and Frankfurt (Oder)) that the name cannot.
"""

import enum
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from twintowns.lib.text import fold
from twintowns.places.models import Country, PlaceName

# How far ahead of the next candidate the largest must be to be taken without asking.
DOMINANCE = 10
# How far from the given coordinates a place of that name may lie and still be taken as meant.
NEAR_KM = 30.0
_EARTH_RADIUS_KM = 6371.0
# Names asked for per query: under SQLite's default limit of 999 parameters.
QUERY_BATCH = 900
# Folded names people use for a country that are not its English or Turkish name.
COUNTRY_ALIASES = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "uk": "GB",
    "birlesik krallik": "GB",
    "ingiltere": "GB",
    "iskocya": "GB",
    "galler": "GB",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
    "amerika": "US",
    "abd": "US",
    "amerika birlesik devletleri": "US",
    "turkey": "TR",
    "turkiye": "TR",
    "russian federation": "RU",
    "rusya federasyonu": "RU",
    "czech republic": "CZ",
    "czechia": "CZ",
    "cekya": "CZ",
    "holland": "NL",
    "netherlands": "NL",
    "the netherlands": "NL",
    "hollanda": "NL",
    "moldavia": "MD",
    "macedonia": "MK",
    "north macedonia": "MK",
    "republic of macedonia": "MK",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "cape verde": "CV",
    "east timor": "TL",
    "timor leste": "TL",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "burma": "MM",
    "myanmar": "MM",
    "vatican": "VA",
    "vatican city": "VA",
    "people s republic of china": "CN",
    "prc": "CN",
    "republic of china": "TW",
    "korea": "KR",
    "republic of korea": "KR",
    "south korea": "KR",
    "north korea": "KP",
    "laos": "LA",
    "palestine": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "bosnia and hercegovina": "BA",
    "bosnia": "BA",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "micronesia": "FM",
    "federated states of micronesia": "FM",
    "surinam": "SR",
    "the gambia": "GM",
    "gambia": "GM",
    "the bahamas": "BS",
    "bahamas": "BS",
    "syria": "SY",
    "iran": "IR",
    "vietnam": "VN",
    "brunei": "BN",
    "kosova": "XK",
    "republic of ireland": "IE",
    "irish republic": "IE",
    "kktc": "CY",
    "northern cyprus": "CY",
    "north cyprus": "CY",
    "kuzey kibris": "CY",
    "kuzey kibris turk cumhuriyeti": "CY",
    "trnc": "CY",
}
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")


# A (city, country) pair with the coordinates given for it, if any.
type Located = tuple[str, str, float | None, float | None]


class Outcome(enum.StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    UNKNOWN_COUNTRY = "unknown_country"


@dataclass(frozen=True)
class Candidate:
    """A gazetteer place as a match shows it: enough to choose between, without loading rows."""

    place_id: int
    name: str
    country_code: str
    population: int
    latitude: float = 0.0
    longitude: float = 0.0


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    country_code: str = ""
    place: Candidate | None = None
    candidates: tuple[Candidate, ...] = ()
    # Set when the place was the far largest of several of that name, as the gazetteer ranks.
    largest_of: int = 0
    # Set when the coordinates given chose this place among several of that name.
    by_coordinates: bool = False

    @property
    def place_id(self) -> int | None:
        return self.place.place_id if self.place else None


@dataclass
class CountryResolver:
    """Country names, Turkish names, ISO codes and common aliases to ISO codes."""

    by_key: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    _resolved: dict[str, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls) -> "CountryResolver":
        resolver = cls()
        for code, name, name_tr in Country.objects.values_list("code", "name", "name_tr"):
            resolver.names[code] = name
            for key in (fold(name), fold(name_tr), code.lower()):
                resolver.by_key.setdefault(key, code)
        for key, code in COUNTRY_ALIASES.items():
            if code in resolver.names:
                resolver.by_key.setdefault(key, code)
        return resolver

    def resolve(self, text: str) -> str | None:
        """The ISO code `text` names, or None (remembered: a file repeats its countries)."""
        if text not in self._resolved:
            self._resolved[text] = self._resolve(text)
        return self._resolved[text]

    def _resolve(self, text: str) -> str | None:
        """The ISO code `text` names, or None: whole, then each comma-separated part in turn.

        "England, United Kingdom" and "Réunion, France" are resolved by their first part,
        "Brandenburg, Germany" by its last; a near miss of one or two letters ("Grece")
        counts when a single country is that close.
        """
        if not text.strip():
            return None
        for part in [text, *text.split(",")]:
            code = self._exact(part)
            if code:
                return code
        return self._near(fold(_PARENTHESES.sub(" ", text)))

    def _exact(self, text: str) -> str | None:
        key = fold(text)
        if key in self.by_key:
            return self.by_key[key]
        bare = fold(_PARENTHESES.sub(" ", text)).removeprefix("the ")
        return self.by_key.get(bare) if bare else None

    def _near(self, key: str) -> str | None:
        if len(key) < 4:
            return None
        allowed = 1 if len(key) < 8 else 2
        best: dict[str, int] = {}
        for name, code in self.by_key.items():
            if len(name) < 4 or abs(len(name) - len(key)) > allowed:
                continue
            distance = _edit_distance(key, name, allowed)
            if distance <= allowed:
                best[code] = min(distance, best.get(code, distance))
        if not best:
            return None
        closest = min(best.values())
        codes = [code for code, distance in best.items() if distance == closest]
        return codes[0] if len(codes) == 1 else None


class PlaceMatcher:
    """Resolves many (city, country) pairs to gazetteer places in one query per 900 names."""

    def __init__(self, countries: CountryResolver | None = None) -> None:
        self.countries = countries or CountryResolver.load()

    def resolve(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Match]:
        """A match for each distinct (city, country) pair, keyed by the pair as given."""
        wanted = {(city.strip(), country.strip()) for city, country in pairs}
        found = self._candidates({key for city, _ in wanted for key in _city_keys(city)})
        return {pair: self._match(pair, found) for pair in wanted}

    def resolve_located(self, items: Iterable[Located]) -> dict[Located, Match]:
        """A match for each (city, country, latitude, longitude); coordinates may be None.

        Where coordinates are given and a place of that name (in that country, when one is
        named) lies within `NEAR_KM` of them, the nearest is taken; otherwise the name decides
        as in `resolve`.
        """
        wanted = {(c.strip(), k.strip(), lat, lng) for c, k, lat, lng in items}
        found = self._candidates({key for city, *_ in wanted for key in _city_keys(city)})
        return {item: self._match(item[:2], found, item[2:]) for item in wanted}

    def _candidates(self, keys: set[str]) -> dict[str, list[tuple[Candidate, bool]]]:
        """Places by folded name, each flagged when that is its main name, not an alternate."""
        keys.discard("")
        found: dict[str, list[tuple[Candidate, bool]]] = defaultdict(list)
        for batch in _batches(sorted(keys)):
            rows = PlaceName.objects.filter(folded__in=batch).values_list(
                "folded",
                "place_id",
                "place__name",
                "place__country_id",
                "place__population",
                "place__latitude",
                "place__longitude",
            )
            for folded, place_id, name, country, population, latitude, longitude in rows:
                candidate = Candidate(place_id, name, country, population, latitude, longitude)
                found[folded].append((candidate, fold(name) == folded))
        return found

    def _match(
        self,
        pair: tuple[str, str],
        found: dict[str, list[tuple[Candidate, bool]]],
        point: tuple[float | None, float | None] = (None, None),
    ) -> Match:
        city, country_text = pair
        code = self.countries.resolve(country_text) if country_text else None
        if country_text and code is None:
            return Match(Outcome.UNKNOWN_COUNTRY)
        candidates = []
        for key in _city_keys(city):
            candidates = [
                (c, main)
                for c, main in found.get(key, [])
                if code is None or c.country_code == code
            ]
            if candidates:
                break
        if not candidates:
            return Match(Outcome.UNKNOWN, country_code=code or "")
        latitude, longitude = point
        if latitude is not None and longitude is not None:
            nearest = _nearest([c for c, _main in candidates], latitude, longitude)
            if nearest is not None:
                several = len({c.place_id for c, _main in candidates}) > 1
                return Match(
                    Outcome.MATCHED, code or nearest.country_code, nearest, by_coordinates=several
                )
        return _choose(candidates, code or "")


def _choose(candidates: list[tuple[Candidate, bool]], code: str) -> Match:
    """One place, or the candidates to choose from, by the rule the module's docstring gives;
    `code` is the country written, if one was."""
    pool = sorted(
        {c.place_id: c for c, _main in candidates}.values(),
        key=lambda c: (-c.population, c.name, c.place_id),
    )
    called_so = {c.place_id for c, main in candidates if main}
    mains = [c for c in pool if c.place_id in called_so]
    if not code and mains and mains[0] != pool[0]:
        return Match(Outcome.AMBIGUOUS, code, candidates=tuple(pool))
    leaders = mains or pool
    if len(leaders) == 1:
        return Match(Outcome.MATCHED, code, leaders[0])
    if _far_largest(leaders):
        return Match(Outcome.MATCHED, code, leaders[0], tuple(leaders), largest_of=len(leaders))
    return Match(Outcome.AMBIGUOUS, code, candidates=tuple(leaders))


def _far_largest(places: list[Candidate]) -> bool:
    """Whether the first (the most populous) is `DOMINANCE` times the second."""
    return places[0].population >= DOMINANCE * max(places[1].population, 1)


def _nearest(candidates: list[Candidate], latitude: float, longitude: float) -> Candidate | None:
    """The candidate closest to the point, if one lies within `NEAR_KM` of it."""
    distances = [(distance_km(latitude, longitude, c.latitude, c.longitude), c) for c in candidates]
    distance, nearest = min(distances, key=lambda item: (item[0], item[1].place_id))
    return nearest if distance <= NEAR_KM else None


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _city_keys(city: str) -> list[str]:
    """The folded name, then without a bracketed note or a trailing region after a comma.

    "Bierstadt (Wiesbaden)" -> "bierstadt"; "Suzhou, Jiangsu" -> "suzhou".
    """
    keys = [fold(city)]
    for variant in (_PARENTHESES.sub(" ", city), city.split(",", 1)[0]):
        key = fold(variant)
        if key and key not in keys:
            keys.append(key)
    return keys


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once every path exceeds `limit`."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _batches(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), QUERY_BATCH):
        yield items[start : start + QUERY_BATCH]
