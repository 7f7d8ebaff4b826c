"""Reads from the gazetteer: finding places by any name they are known by, in any script."""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Q, QuerySet

from twintowns.lib.text import fold
from twintowns.places.models import Country, Place, PlaceName, PlaceNameTail, RegionName


def place_ids_matching(query: str) -> QuerySet[PlaceName, int]:
    """Ids of places with a name, or a word inside a name, starting with `query` (a subquery)."""
    prefix = fold(query)
    if not prefix:
        return PlaceName.objects.none().values_list("place_id", flat=True)
    names = PlaceName.objects.filter(_starts_with(prefix)).values_list("place_id", flat=True)
    tails = PlaceNameTail.objects.filter(_starts_with(prefix)).values_list("place_id", flat=True)
    return names.union(tails)


def places_matching(query: str) -> QuerySet[Place]:
    """Places found by `query`, the most populous first."""
    return Place.objects.filter(id__in=place_ids_matching(query)).order_by(
        "-population", "name", "id"
    )


def place_search(query: str, limit: int = 20) -> list[Place]:
    return list(places_matching(query).select_related("country")[:limit])


def places_by_id(ids: Sequence[int | None]) -> list[Place]:
    """The places of `ids`, with their countries and regions, in the order given."""
    places = Place.objects.select_related("country", "region")
    found = places.in_bulk([i for i in ids if i is not None])
    return [found[i] for i in ids if i in found]


def place_suggestions(text: str, limit: int = 12) -> list[Place]:
    """Places for a place box: found by the name before the first comma, in the regions or
    countries whose names begin with what each of the next two parts says ("vienna, virg",
    "tripoli, leb")."""
    name, *qualifiers = text.split(",")
    places = places_matching(name).select_related("country", "region")
    for qualifier in [fold(q) for q in qualifiers[:2] if fold(q)]:
        regions = RegionName.objects.filter(_starts_with(qualifier)).values("region_id")
        places = places.filter(
            Q(country__in=countries_beginning(qualifier)) | Q(region__in=regions)
        )
    return list(places[:limit])


def countries_beginning(text: str) -> list[str]:
    """Codes of the countries whose English or Turkish name, or code, begins with `text`."""
    prefix = fold(text)
    countries = Country.objects.values_list("code", "name", "name_tr")
    return [
        code
        for code, *names in countries
        if code.lower() == prefix or any(fold(name).startswith(prefix) for name in names)
    ]


def country_names(codes: set[str]) -> dict[str, str]:
    """The names of the countries of `codes` in the language in use; no query for none."""
    if not codes:
        return {}
    return {
        country.code: country.localized_name for country in Country.objects.filter(code__in=codes)
    }


def _starts_with(prefix: str) -> Q:
    # SQLite's LIKE ignores case, so it cannot use a binary index; a range can, and
    # folded text is ASCII, which sorts the same in bytes and in code points.
    # PostgreSQL's LIKE 'x%' uses the varchar_pattern_ops index Django adds to db_index.
    if connection.vendor == "sqlite":
        return Q(folded__gte=prefix, folded__lt=prefix + "\uffff")
    return Q(folded__startswith=prefix)
