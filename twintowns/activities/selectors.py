"""Reads of activities that pages, exports and the API share."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from twintowns.activities.models import (
    Activity,
    ActivityQuerySet,
    Direction,
    Impact,
    Kind,
    held_condition,
    impact_sums,
)
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.lib.dates import Precision
from twintowns.lib.text import fold
from twintowns.partnerships.models import Partnership
from twintowns.places.selectors import place_ids_matching


def _listed(queryset: ActivityQuerySet) -> ActivityQuerySet:
    return queryset.with_details()


def activity_list(
    authority: Authority, filters: dict[str, Any] | None = None
) -> QuerySet[Activity]:
    """The authority's activities, newest first, filtered by words, kind, direction, year, theme."""
    filters = filters or {}
    queryset = Activity.objects.filter(authority=authority)
    if filters.get("q"):
        words = fold(filters["q"])
        queryset = queryset.filter(
            Q(search_text__contains=words)
            | Q(place__in=place_ids_matching(filters["q"]))
            | Q(partnerships__partner__in=place_ids_matching(filters["q"]))
        ).distinct()
    for name in ("kind", "direction"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("year"):
        queryset = queryset.filter(starts_on__year=filters["year"])
    if filters.get("theme"):
        queryset = queryset.filter(themes=filters["theme"])
    return _listed(queryset).order_by("-starts_on", "-pk")


def activities_of_partnership(partnership: Partnership) -> QuerySet[Activity]:
    """The partnership's activities, the latest first."""
    return partnership.activities.latest_first()


@dataclass
class MonthCalendar:
    first: dt.date
    weeks: list[list[tuple[dt.date, bool, list[Activity]]]]  # (day, in this month, activities)
    previous: dt.date
    following: dt.date
    undated_count: int  # with no exact day (only a month, a year or nothing), so on no day


def month_calendar(authority: Authority, first: dt.date) -> MonthCalendar:
    """The month of `first` as weeks of days, each day with the activities held on it."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    overlapping = Q(starts_on__lte=last) & (
        Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first)
    )
    dated = Activity.objects.filter(authority=authority, date_precision=Precision.DAY)
    activities = list(dated.filter(overlapping).order_by("starts_on", "pk"))
    weeks = [
        [
            (day, day.month == first.month, [a for a in activities if _held_on(a, day)])
            for day in week
        ]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    undated = Activity.objects.filter(authority=authority).filter(
        ~Q(date_precision=Precision.DAY) | Q(starts_on__isnull=True)
    )
    return MonthCalendar(
        first=first,
        weeks=weeks,
        previous=(first - dt.timedelta(days=1)).replace(day=1),
        following=last + dt.timedelta(days=1),
        undated_count=undated.count(),
    )


def _held_on(activity: Activity, day: dt.date) -> bool:
    assert activity.starts_on is not None  # the query asked for dated activities only
    return activity.starts_on <= day <= (activity.ends_on or activity.starts_on)


def upcoming(authority: Authority, today: dt.date, limit: int = 5) -> QuerySet[Activity]:
    return _listed(Activity.objects.filter(authority=authority, starts_on__gte=today)).order_by(
        "starts_on"
    )[:limit]


def recent(authority: Authority, today: dt.date, limit: int = 5) -> QuerySet[Activity]:
    return _listed(Activity.objects.filter(authority=authority, starts_on__lt=today)).order_by(
        "-starts_on", "-pk"
    )[:limit]


def culture_days_held_first(authority: Authority) -> QuerySet[Activity]:
    """Culture days in time order, each with `reciprocal`, the days that answer it: those are
    shown beside the days they answer, so they are not in the list themselves."""
    return (
        Activity.objects.filter(
            authority=authority, kind=Kind.CULTURE_DAYS, reciprocated_by__isnull=True
        )
        .select_related("place__country", "reciprocal__place__country")
        .order_by("starts_on", "pk")
    )


def culture_days_pairs(authority: Authority) -> list[tuple[Activity, Activity | None]]:
    """Every pair of `culture_days_held_first`, with the partners: for exports and reports."""
    days = culture_days_held_first(authority).prefetch_related("partnerships__partner")
    return [(d, d.reciprocal) for d in days]


def conferences(authority: Authority) -> QuerySet[Activity]:
    """International conferences the authority hosted."""
    return (
        Activity.objects.filter(
            authority=authority, kind=Kind.CONFERENCE, direction=Direction.HOSTED
        )
        .select_related("organization", "place__country")
        .order_by("-starts_on", "pk")
    )


# -- The impact register ------------------------------------------------------------------


@dataclass(frozen=True)
class YearImpact:
    year: int | None  # None: the activities with no date
    impact: Impact


@dataclass(frozen=True)
class PartnerImpact:
    partnership: Partnership
    impact: Impact


def impact_per_year(authority: Authority, today: dt.date) -> list[YearImpact]:
    """The authority's impact year by year, newest first, undated activities last: of the
    activities held by `today` (those planned have had no outcome yet).

    An activity counts in the year it started; one known only by its year counts there too.
    """
    rows = (
        Activity.objects.held(today)
        .filter(authority=authority)
        .annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(**impact_sums())
        .order_by(F("year").desc(nulls_last=True))
    )
    return [YearImpact(row["year"], Impact.of(row)) for row in rows]


def impact_per_partner(authority: Authority, today: dt.date) -> list[PartnerImpact]:
    """Each partner with at least one activity held by `today` and the impact of the held
    activities it took part in.

    An activity with two partners counts for both, so these rows do not add up to a total.
    """
    partnerships = (
        Partnership.objects.for_authority(authority)
        # The same join the sums below are taken over: one filter() call, one join.
        .filter(held_condition(today, via="activities__"), activities__isnull=False)
        .annotate(**impact_sums("activities__"))
        .select_related("partner__country")
        .order_by("partner__name")
    )
    return [PartnerImpact(p, Impact.of(vars(p))) for p in partnerships]


def partnership_impact(partnership: Partnership, today: dt.date) -> Impact:
    """The impact of the activities held with the partner by `today`."""
    return partnership.activities.held(today).impact()


def planned_count(authority: Authority, today: dt.date) -> int:
    """The authority's activities planned after `today`: shown apart from every count of those
    held."""
    return Activity.objects.planned(today).filter(authority=authority).count()


# -- The library of best practices --------------------------------------------------------


def best_practices(
    authority: Authority, filters: dict[str, Any] | None = None
) -> QuerySet[Activity]:
    """The activities marked as best practices, searched and filtered as the activity list is."""
    return activity_list(authority, filters).filter(is_best_practice=True)


def best_practice_themes(authority: Authority) -> QuerySet[Theme]:
    """The themes that have best practices, each with how many (`practices`)."""
    return (
        Theme.objects.filter(activity__authority=authority, activity__is_best_practice=True)
        .annotate(practices=Count("activity", distinct=True))
        .order_by("name")
    )
