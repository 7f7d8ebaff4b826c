import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from twintowns.activities.models import Activity, Direction, Kind, held_condition
from twintowns.authorities.models import Authority
from twintowns.networks.models import Organization


def organization_list(authority: Authority, today: dt.date | None = None) -> QuerySet[Organization]:
    """The authority's organizations, members first, with how many conferences each brought
    here (held by `today`: a planned one is not brought yet)."""
    hosted = Q(activities__kind=Kind.CONFERENCE, activities__direction=Direction.HOSTED)
    held = held_condition(today or timezone.localdate(), via="activities__")
    return (
        Organization.objects.filter(authority=authority)
        .prefetch_related("memberships")
        .annotate(
            conference_count=Count("activities", filter=hosted & held, distinct=True),
            member=Count("memberships", distinct=True),
        )
        .order_by("-member", "name")
    )


def organization_detail(authority: Authority) -> QuerySet[Organization]:
    return Organization.objects.filter(authority=authority).prefetch_related(
        "memberships",
        Prefetch(
            "activities", queryset=Activity.objects.order_by("-starts_on").select_related("place")
        ),
    )
