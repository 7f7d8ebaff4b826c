"""Reads of partnerships that pages, exports and the API share."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import DateField, OuterRef, QuerySet
from django.utils import timezone

from twintowns.authorities.models import Authority
from twintowns.lib.queries import count_of, max_of
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Country
from twintowns.places.selectors import place_ids_matching


def partnership_list(
    authority: Authority, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> QuerySet[Partnership]:
    """The authority's partnerships, filtered, each with the activities held with it by
    `today` (`activity_count`, `last_activity`) and those planned after (`planned_count`).

    All three are correlated subqueries rather than a GROUP BY over every activity, so a page
    of the list (or of the API) costs only its own rows.
    """
    filters, today = filters or {}, today or timezone.localdate()
    # Activities are a floor above (each names its partners): read through the app registry.
    activity: Any = apps.get_model("activities", "Activity")
    links = activity.partnerships.through.objects.filter(partnership=OuterRef("pk"))
    held = links.filter(activity.held_condition(today, via="activity__"))
    queryset = (
        Partnership.objects.for_authority(authority)
        .select_related("partner__country")
        .prefetch_related("themes")
        .annotate(
            activity_count=count_of(held),
            last_activity=max_of(held, "activity__starts_on", DateField()),
            planned_count=count_of(
                links.filter(activity.planned_condition(today, via="activity__"))
            ),
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
