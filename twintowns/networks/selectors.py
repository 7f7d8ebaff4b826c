from django.db.models import Count, Prefetch, Q, QuerySet

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.networks.models import Organization


def organization_list(authority: Authority) -> QuerySet[Organization]:
    """The authority's organizations, members first, with how many conferences each brought here."""
    return (
        Organization.objects.filter(authority=authority)
        .prefetch_related("memberships")
        .annotate(
            conference_count=Count(
                "activities",
                filter=Q(activities__kind=Kind.CONFERENCE, activities__direction=Direction.HOSTED),
                distinct=True,
            ),
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
