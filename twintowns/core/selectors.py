"""Reads that span the apps: the overview on the start page."""

from dataclasses import dataclass

from django.db.models import Count, Q

from twintowns.activities.models import Direction, Kind
from twintowns.authorities.models import Authority


@dataclass
class Overview:
    partners: int
    activities: int
    culture_days: int
    memberships: int
    conferences_hosted: int


def overview(authority: Authority) -> Overview:
    """The authority's headline counts, in three queries."""
    activity = authority.activities.aggregate(
        total=Count("pk"),
        culture_days=Count("pk", filter=Q(kind=Kind.CULTURE_DAYS)),
        conferences=Count("pk", filter=Q(kind=Kind.CONFERENCE, direction=Direction.HOSTED)),
    )
    return Overview(
        partners=authority.partnerships.count(),
        activities=activity["total"],
        culture_days=activity["culture_days"],
        memberships=authority.memberships.count(),
        conferences_hosted=activity["conferences"],
    )
