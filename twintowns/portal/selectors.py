"""What a city's public page shows: only what an office publishes, in a fixed number of queries.

Partners are the partnerships in force (active or signed) and the former ones (ended); proposed
and approved ones are not official yet, and "dormant" is the office's own judgement, not news.
Notes, contacts, approvals, documents and health scores stay inside the office.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Prefetch, QuerySet

from twintowns.activities.models import Activity, held_condition
from twintowns.activities.models import Kind as ActivityKind
from twintowns.authorities import caching
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership, Status
from twintowns.places.models import Place

CURRENT = (Status.ACTIVE, Status.SIGNED)
FORMER = (Status.ENDED,)
RECENT_CULTURE_DAYS = 8


@dataclass(frozen=True)
class CityPage:
    authority: Authority
    partners: list[Partnership]
    former_partners: list[Partnership]
    culture_days: list[Activity]


def public_authority(slug: str) -> Authority | None:
    """The authority whose public page is open, with its seat; None when closed or unknown."""
    authorities = Authority.objects.filter(slug=slug, public_page=True)
    return authorities.select_related("place__country").first()


def public_partnerships(authority: Authority, today: dt.date) -> QuerySet[Partnership]:
    """Current and former partners, each with the activities held with them (dated up to
    today, or undated) as `held_count`."""
    # A partner without activities joins one row of NULLs, which Count leaves out.
    held = held_condition(today, via="activities__")
    return (
        Partnership.objects.for_authority(authority)
        .filter(status__in=[*CURRENT, *FORMER])
        .select_related("partner__country")
        .annotate(held_count=Count("activities", filter=held))
        .only(
            "kind",
            "status",
            "signed_on",
            "partner__name",
            "partner__latitude",
            "partner__longitude",
            "partner__country__name",
            "partner__country__name_tr",
        )
        .order_by("partner__name", "pk")
    )


def held_culture_days(authority: Authority, today: dt.date) -> QuerySet[Activity]:
    """The latest culture days already held, dated ones only (the list is by date), with
    their published partners."""
    partners = Partnership.objects.filter(status__in=[*CURRENT, *FORMER])
    partners = partners.select_related("partner__country").only(
        "authority_id", "partner__name", "partner__country__name", "partner__country__name_tr"
    )
    return (
        Activity.objects.held(today)
        .filter(authority=authority, kind=ActivityKind.CULTURE_DAYS, starts_on__isnull=False)
        .only("title", "starts_on", "ends_on", "date_precision")
        .prefetch_related(Prefetch("partnerships", queryset=partners))
        .order_by("-starts_on", "-pk")[:RECENT_CULTURE_DAYS]
    )


def city_page(authority: Authority, today: dt.date) -> CityPage:
    """Everything the public page of `authority` shows, kept in the cache under its data
    version (any change to its records), the day and the language: three queries when new."""
    partners, former, days = caching.for_authority(
        authority, "portal-city", lambda: _records(authority, today), today
    )
    return CityPage(authority, partners, former, days)


def _records(
    authority: Authority, today: dt.date
) -> tuple[list[Partnership], list[Partnership], list[Activity]]:
    partnerships = list(public_partnerships(authority, today))
    return (
        [p for p in partnerships if p.status in CURRENT],
        [p for p in partnerships if p.status in FORMER],
        list(held_culture_days(authority, today)),
    )


def partner_points(page: CityPage) -> dict[str, Any]:
    """The seat and the current partners as GeoJSON (RFC 7946) for the map, labels in the
    active language; the page embeds it, so the map costs no request of its own."""
    features = [_point(page.authority.place, role="home")] if page.authority.place else []
    for partnership in page.partners:
        feature = _point(partnership.partner, role="partner")
        feature["properties"].update(
            kind=partnership.kind,
            kind_label=str(partnership.get_kind_display()),
            since=partnership.signed_on.year if partnership.signed_on else None,
            activities=cast(int, getattr(partnership, "held_count", 0)),
        )
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def _point(place: Place, *, role: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(place.longitude, 5), round(place.latitude, 5)],
        },
        "properties": {
            "role": role,
            "name": place.name,
            "country": place.country.localized_name,
        },
    }
