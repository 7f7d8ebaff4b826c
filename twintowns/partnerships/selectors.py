"""Reads of partnerships that pages, exports and the API share."""

from typing import Any

from django.db.models import Count, Max, QuerySet

from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Country
from twintowns.places.selectors import place_ids_matching


def partnership_list(
    authority: Authority, filters: dict[str, Any] | None = None
) -> QuerySet[Partnership]:
    """The authority's partnerships, filtered, each with its activity count and last activity."""
    filters = filters or {}
    queryset = (
        Partnership.objects.for_authority(authority)
        .select_related("partner__country")
        .prefetch_related("themes")
        .annotate(
            activity_count=Count("activities", distinct=True),
            last_activity=Max("activities__starts_on"),
        )
    )
    if filters.get("q"):
        queryset = queryset.filter(partner__in=place_ids_matching(filters["q"]))
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("continent"):
        queryset = queryset.filter(partner__country__continent=filters["continent"])
    if filters.get("country"):
        queryset = queryset.filter(partner__country_id=filters["country"])
    if filters.get("theme"):
        queryset = queryset.filter(themes=filters["theme"])
    return queryset.order_by("partner__name")


def partner_countries(authority: Authority) -> QuerySet[Country]:
    return Country.objects.filter(places__partnerships_of__authority=authority).distinct()


def partnership_detail(authority: Authority, pk: int) -> QuerySet[Partnership]:
    return (
        Partnership.objects.for_authority(authority)
        .filter(pk=pk)
        .select_related("partner__country", "authority")
        .prefetch_related("themes", "contacts", "documents", "events")
    )
