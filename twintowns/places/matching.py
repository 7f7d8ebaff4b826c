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

Nor is a country guessed. A country is read by its name, its Turkish name, its ISO code or a
known other name (`COUNTRY_ALIASES`, Babel's English names); a near miss of a letter or two
("Grece") is taken only as a typo of a country's name, never when the text is a region or a place
of the gazetteer ("Maryland" is not "Tayland", "Styria" not "Syria"). A region (GeoNames' admin1),
in the country cell ("Tasmania", "Brandenburg, Germany") or after a comma in the city
("Annapolis, Maryland"), is looked up among the gazetteer's regions and the place must lie in it;
a text after the comma that is neither a region nor a country is read past when the country is
named, and leaves the pair unresolved when it is not.
"""

import enum
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from babel import Locale

from twintowns.lib.text import fold
from twintowns.places.models import Country, PlaceName, RegionName
from twintowns.places.services import region_keys

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
    "cote divoire": "CI",
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
    "korea republic of": "KR",
    "korea south": "KR",
    "south korea": "KR",
    "north korea": "KP",
    "korea north": "KP",
    "democratic people s republic of korea": "KP",
    "korea democratic people s republic of": "KP",
    "laos": "LA",
    "palestine": "PS",
    "state of palestine": "PS",
    "palestine state of": "PS",
    "palestinian territories": "PS",
    "palestinian territory": "PS",
    "occupied palestinian territories": "PS",
    "palestinian national authority": "PS",
    "palestinian authority": "PS",
    "gaza strip": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "bosnia and hercegovina": "BA",
    "bosnia": "BA",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "congo democratic republic": "CD",
    "congo democratic republic of the": "CD",
    "congo the democratic republic of the": "CD",
    "congo kinshasa": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "congo republic": "CG",
    "congo republic of the": "CG",
    "congo brazzaville": "CG",
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
    "syrian arab republic": "SY",
    "iran": "IR",
    "iran islamic republic of": "IR",
    "islamic republic of iran": "IR",
    "vietnam": "VN",
    "viet nam": "VN",
    "lao people s democratic republic": "LA",
    "republic of moldova": "MD",
    "moldova republic of": "MD",
    "united republic of tanzania": "TZ",
    "tanzania united republic of": "TZ",
    "bolivia plurinational state of": "BO",
    "venezuela bolivarian republic of": "VE",
    "slovak republic": "SK",
    "kyrgyz republic": "KG",
    "holy see": "VA",
    "vatican city state": "VA",
    "kingdom of the netherlands": "NL",
    "uae": "AE",
    "macau": "MO",
    "republic of north macedonia": "MK",
    "former yugoslav republic of macedonia": "MK",
    "fyrom": "MK",
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
_NOTE = re.compile(r"\(([^)]*)\)")
# Notes in brackets after a country's name that add nothing: "Georgia (country)".
_EMPTY_NOTES = {"country", "nation", "state", "sovereign state", ""}


# A (city, country) pair with the coordinates given for it, if any.
type Located = tuple[str, str, float | None, float | None]


class Outcome(enum.StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    UNKNOWN_COUNTRY = "unknown_country"
    # The text after the city's comma is neither a region nor a country, and no country is named.
    UNKNOWN_REGION = "unknown_region"
    # The region named holds no place of that name.
    OUTSIDE_REGION = "outside_region"


class Read(enum.StrEnum):
    """How a country cell, or the text after a city's comma, was read."""

    EMPTY = "empty"
    NAME = "name"  # a country's name, Turkish name or ISO code
    ALIAS = "alias"  # another name the table or Babel knows: England, Czech Republic, Türkiye
    TYPO = "typo"  # a letter or two from one country's name: Grece
    REGION = "region"  # a region of the gazetteer: Tasmania; Brandenburg, Germany
    PART = "part"  # a country after a comma, what comes before it not a region: Rauma, Norway
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Reading:
    """What a text names: countries any place of which may be meant, and regions likewise.

    "Germany" is the whole of Germany; "Brandenburg, Germany" and "Tasmania" are regions; a
    city's "Atlanta, Georgia" with no country is the country Georgia or the state of Georgia.
    """

    how: Read
    whole: frozenset[str] = frozenset()
    regions: frozenset[int] = frozenset()
    region_codes: frozenset[str] = frozenset()
    region_names: tuple[str, ...] = ()  # "Maryland, United States", for reports
    # False for a region alone ("Tasmania"): no country was named, the regions give it.
    country_named: bool = True

    @property
    def codes(self) -> frozenset[str]:
        return self.whole | self.region_codes

    @property
    def code(self) -> str | None:
        """The one country named, if one is (not one found through a region alone)."""
        return next(iter(self.codes)) if self.country_named and len(self.codes) == 1 else None

    def admits(self, candidate: "Candidate") -> bool:
        return candidate.country_code in self.whole or candidate.region_id in self.regions


@dataclass(frozen=True)
class Candidate:
    """A gazetteer place as a match shows it: enough to choose between, without loading rows."""

    place_id: int
    name: str
    country_code: str
    population: int
    latitude: float = 0.0
    longitude: float = 0.0
    region_id: int | None = None


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
    # The regions that narrowed the search ("Maryland, United States"), and a text after the
    # city's comma that was read past, being no region of the gazetteer ("Sarthe").
    regions: tuple[str, ...] = ()
    read_past: str = ""

    @property
    def place_id(self) -> int | None:
        return self.place.place_id if self.place else None


@dataclass
class CountryResolver:
    """Country names, Turkish names, ISO codes, known aliases and regions, read into countries."""

    by_key: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    names_tr: dict[str, str] = field(default_factory=dict)
    _read: dict[str, Reading] = field(default_factory=dict, repr=False)
    _regions: dict[str, list[tuple[int, str, str]]] | None = field(default=None, repr=False)
    _labels: dict[int, str] = field(default_factory=dict, repr=False)
    _place_names: dict[str, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls) -> "CountryResolver":
        resolver = cls()
        english = Locale("en").territories
        for code, name, name_tr in Country.objects.values_list("code", "name", "name_tr"):
            resolver.names[code] = name
            resolver.names_tr[code] = name_tr
            for key in (fold(name), fold(name_tr), code.lower()):
                resolver.by_key.setdefault(key, code)
        for code in resolver.names:
            if code in english:
                resolver.by_key.setdefault(fold(english[code]), code)
        for key, code in COUNTRY_ALIASES.items():
            if code in resolver.names:
                resolver.by_key.setdefault(key, code)
        return resolver

    def resolve(self, text: str) -> str | None:
        """The ISO code of the one country `text` names, or None (a region alone names none)."""
        return self.read(text).code

    def read(self, text: str) -> Reading:
        """What `text` names (remembered: a file repeats its countries)."""
        if text not in self._read:
            self._read[text] = self._reading(text)
        return self._read[text]

    def _reading(self, text: str) -> Reading:
        """A country by name or alias; "Region, Country"; a region alone; a typo; or unknown.

        "England, United Kingdom" and "Réunion, France" are read by their first part when it is
        a country (Réunion is one in GeoNames) or a region of the last; "Brandenburg, Germany"
        as the region of Germany; "Rauma, Norway", Rauma being no region, as Norway.
        """
        if not text.strip():
            return Reading(Read.EMPTY)
        code = self._exact(text)
        if code:
            return Reading(self._how(text, code), whole=frozenset({code}))
        if "," in text:
            return self._parts(*(part.strip() for part in text.rsplit(",", 1)))
        return self._region_alone(text) or self._typo(text) or Reading(Read.UNKNOWN)

    def _how(self, text: str, code: str) -> Read:
        names = {fold(self.names[code]), fold(self.names_tr[code]), code.lower()}
        return Read.NAME if fold(text) in names else Read.ALIAS

    def _parts(self, head: str, last: str) -> Reading:
        code = self._exact(last)
        if code is None:
            # "Annapolis, Maryland" in the country cell: the last part may be a region.
            return self._region_alone(last) or Reading(Read.UNKNOWN)
        regions = self.regions_named(head, {code})
        if regions:
            return self.in_regions(regions)
        head_code = self._exact(head)
        if head_code:
            return Reading(Read.ALIAS, whole=frozenset({head_code}))
        return Reading(Read.PART, whole=frozenset({code}))

    def _region_alone(self, text: str) -> Reading | None:
        regions = self.regions_named(text)
        return self.in_regions(regions, country_named=False) if regions else None

    def in_regions(
        self,
        regions: list[tuple[int, str, str]],
        *,
        country_named: bool = True,
        whole: frozenset[str] = frozenset(),
    ) -> Reading:
        """A reading of these regions (id, country, name), and of the `whole` countries."""
        return Reading(
            Read.REGION,
            whole=whole,
            regions=frozenset(region_id for region_id, _code, _name in regions),
            region_codes=frozenset(code for _id, code, _name in regions),
            region_names=tuple(
                sorted(f"{name}, {self.names[code]}" for _id, code, name in regions)
            ),
            country_named=country_named,
        )

    def regions_named(
        self, text: str, within: set[str] | frozenset[str] | None = None
    ) -> list[tuple[int, str, str]]:
        """(id, country, name) of the gazetteer's regions `text` names, in `within` if given."""
        index = self._region_index()
        found = {hit for key in region_keys(text) for hit in index.get(key, [])}
        return sorted(hit for hit in found if within is None or hit[1] in within)

    def region_label(self, region_id: int) -> str:
        """A region by its id, as "Maryland, United States"."""
        self._region_index()
        return self._labels[region_id]

    def _region_index(self) -> dict[str, list[tuple[int, str, str]]]:
        """Regions by each folded name, read once and only when a text needs it."""
        if self._regions is None:
            self._regions = defaultdict(list)
            rows = RegionName.objects.values_list(
                "folded", "region_id", "region__country_id", "region__name"
            )
            for folded, region_id, code, name in rows:
                self._regions[folded].append((region_id, code, name))
                self._labels[region_id] = f"{name}, {self.names[code]}"
        return self._regions

    def _exact(self, text: str) -> str | None:
        """The country `text` names exactly, by name, code or alias.

        A note in brackets is read past only when it says nothing of its own: "Georgia
        (country)", "Myanmar (Burma)"; "Congo (Democratic Republic)" is in the table whole.
        """
        key = fold(text).removeprefix("the ")
        if key in self.by_key:
            return self.by_key[key]
        notes = [fold(note) for note in _NOTE.findall(text)]
        bare = fold(_PARENTHESES.sub(" ", text)).removeprefix("the ")
        code = self.by_key.get(bare) if bare else None
        if code and all(n in _EMPTY_NOTES or self.by_key.get(n) == code for n in notes):
            return code
        return None

    def _typo(self, text: str) -> Reading | None:
        """A near miss of one country's name ("Grece"), unless the text is a place's name.

        A typo keeps the first letter ("Prussia" is no typo of "Russia"), and a region's or a
        place's own name is never one (regions were looked up before this).
        """
        key = fold(_PARENTHESES.sub(" ", text))
        code = self._near(key)
        if code is None or self._is_place_name(key):
            return None
        return Reading(Read.TYPO, whole=frozenset({code}))

    def _is_place_name(self, key: str) -> bool:
        if key not in self._place_names:
            self._place_names[key] = PlaceName.objects.filter(folded=key).exists()
        return self._place_names[key]

    def _near(self, key: str) -> str | None:
        if len(key) < 4:
            return None
        allowed = 1 if len(key) < 8 else 2
        best: dict[str, int] = {}
        for name, code in self.by_key.items():
            if len(name) < 4 or name[0] != key[0] or abs(len(name) - len(key)) > allowed:
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
                "place__region_id",
            )
            for folded, place_id, name, country, population, lat, lng, region_id in rows:
                candidate = Candidate(place_id, name, country, population, lat, lng, region_id)
                found[folded].append((candidate, fold(name) == folded))
        return found

    def _match(
        self,
        pair: tuple[str, str],
        found: dict[str, list[tuple[Candidate, bool]]],
        point: tuple[float | None, float | None] = (None, None),
    ) -> Match:
        city, country_text = pair
        cell = self.countries.read(country_text)
        if cell.how == Read.UNKNOWN:
            return Match(Outcome.UNKNOWN_COUNTRY)
        where, read_past = self._with_city_tail(city, cell)
        if where is None:
            return Match(Outcome.UNKNOWN_REGION, read_past=read_past)
        code = where.code or ""
        candidates = _candidates_in(where, city, found)
        if not candidates:
            outside = where.regions and _candidates_in(_countries_of(where), city, found)
            outcome = Outcome.OUTSIDE_REGION if outside else Outcome.UNKNOWN
            return Match(outcome, code, regions=where.region_names, read_past=read_past)
        match = _chosen(candidates, code, point)
        return replace(match, regions=self._regions_of(match, where), read_past=read_past)

    def _regions_of(self, match: Match, where: Reading) -> tuple[str, ...]:
        """The region the place was found in (none when in a country named whole), or, with no
        place, the regions the reading named."""
        place = match.place
        if place is None:
            return where.region_names
        if place.region_id is None or place.region_id not in where.regions:
            return ()
        return (self.countries.region_label(place.region_id),)

    def _with_city_tail(self, city: str, where: Reading) -> tuple[Reading | None, str]:
        """The reading narrowed by a region after the city's comma ("Annapolis, Maryland").

        A tail that is a country ("Varna, Bulgaria") names it when the country cell is empty;
        one that is neither region nor country is read past (and returned) when a country is
        named, and leaves no reading (None) when none is: nothing is left to place the city.
        """
        head, comma, tail = city.rpartition(",")
        tail = tail.strip()
        if not comma or not head.strip() or not tail:
            return where, ""
        countries = self.countries
        if where.how == Read.EMPTY:
            regions = countries.regions_named(tail)
            tail_code = countries.resolve(tail)
            whole = frozenset({tail_code}) if tail_code else frozenset()
            if regions:
                return countries.in_regions(regions, country_named=False, whole=whole), ""
            return (Reading(Read.ALIAS, whole=whole), "") if whole else (None, tail)
        regions = countries.regions_named(tail, where.codes)
        if regions:
            return countries.in_regions(regions, country_named=where.country_named), ""
        if countries.resolve(tail):
            return where, ""
        return where, tail


def _countries_of(where: Reading) -> Reading:
    """The reading widened to the whole of its countries, to tell a place outside its region."""
    return Reading(where.how, whole=where.codes)


def _candidates_in(
    where: Reading, city: str, found: dict[str, list[tuple[Candidate, bool]]]
) -> list[tuple[Candidate, bool]]:
    """The places of the city's first name key that has any where the reading admits."""
    for key in _city_keys(city):
        candidates = [
            (c, main)
            for c, main in found.get(key, [])
            if where.how == Read.EMPTY or where.admits(c)
        ]
        if candidates:
            return candidates
    return []


def _chosen(
    candidates: list[tuple[Candidate, bool]],
    code: str,
    point: tuple[float | None, float | None],
) -> Match:
    """The nearest to the coordinates, when one lies near them; else as `_choose` decides."""
    latitude, longitude = point
    if latitude is not None and longitude is not None:
        nearest = _nearest([c for c, _main in candidates], latitude, longitude)
        if nearest is not None:
            several = len({c.place_id for c, _main in candidates}) > 1
            return Match(
                Outcome.MATCHED, code or nearest.country_code, nearest, by_coordinates=several
            )
    return _choose(candidates, code)


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
