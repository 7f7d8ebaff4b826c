"""The authority's partners as GeoJSON (RFC 7946) for the map: one Point per partnership.

Labels come out in the active language, so the map needs no translations of its own.
"""

import datetime as dt
from typing import Any, cast

from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership
from twintowns.partnerships.selectors import partnership_list

type Json = dict[str, Any]


def partner_collection(
    authority: Authority, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> Json:
    """The filtered partnerships of `authority` as a FeatureCollection, in one query."""
    # The map shows no themes: dropping the list's prefetch saves a query.
    partnerships = partnership_list(authority, filters, today).prefetch_related(None)
    return {"type": "FeatureCollection", "features": [partner_feature(p) for p in partnerships]}


def partner_feature(partnership: Partnership) -> Json:
    """A Point at the partner place, [longitude, latitude] as RFC 7946 orders them."""
    place = partnership.partner
    # Annotations of `partnership_list`, which the model's type does not know.
    activity_count = cast(int, getattr(partnership, "activity_count", 0))
    last_activity = cast(dt.date | None, getattr(partnership, "last_activity", None))
    return {
        "type": "Feature",
        "id": partnership.pk,
        "geometry": {
            "type": "Point",
            "coordinates": [round(place.longitude, 5), round(place.latitude, 5)],
        },
        "properties": {
            "name": place.name,
            "country": place.country.localized_name,
            "kind": partnership.kind,
            "kind_label": partnership.get_kind_display(),
            "status": partnership.status,
            "status_label": partnership.get_status_display(),
            "signed": partnership.signed_label or None,
            "activity_count": activity_count,
            "last_activity": last_activity.year if last_activity else None,
            "url": partnership.get_absolute_url(),
        },
    }
