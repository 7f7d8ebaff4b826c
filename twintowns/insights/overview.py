"""The overview on the start page: the authority's headline counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from twintowns.activities.models import Direction, Kind, held_condition, planned_condition
from twintowns.authorities.models import Authority


@dataclass
class Overview:
    partners: int
    activities: int  # the three activity counts are of those held
    culture_days: int
    memberships: int
    conferences_hosted: int
    planned: int  # activities still to come


def overview(authority: Authority, today: dt.date) -> Overview:
    """The authority's headline counts, in three queries; activities once held by `today`."""
    held = held_condition(today)
    activity = authority.activities.aggregate(
        held=Count("pk", filter=held),
        culture_days=Count("pk", filter=held & Q(kind=Kind.CULTURE_DAYS)),
        conferences=Count("pk", filter=held & Q(kind=Kind.CONFERENCE, direction=Direction.HOSTED)),
        planned=Count("pk", filter=planned_condition(today)),
    )
    return Overview(
        partners=authority.partnerships.count(),
        activities=activity["held"],
        culture_days=activity["culture_days"],
        memberships=authority.memberships.count(),
        conferences_hosted=activity["conferences"],
        planned=activity["planned"],
    )
