"""Reads from the gazetteer: finding places by any name they are known by, in any script."""

from django.db import connection
from django.db.models import Q, QuerySet

from twintowns.lib.text import fold
from twintowns.places.models import Place, PlaceName, PlaceNameTail


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


def _starts_with(prefix: str) -> Q:
    # SQLite's LIKE ignores case, so it cannot use a binary index; a range can, and
    # folded text is ASCII, which sorts the same in bytes and in code points.
    # PostgreSQL's LIKE 'x%' uses the varchar_pattern_ops index Django adds to db_index.
    if connection.vendor == "sqlite":
        return Q(folded__gte=prefix, folded__lt=prefix + "\uffff")
    return Q(folded__startswith=prefix)
