"""Reads of activities that pages, exports and the API share."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.lib.dates import Precision
from twintowns.lib.text import fold
from twintowns.partnerships.models import Partnership
from twintowns.places.selectors import place_ids_matching


def _listed(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    return queryset.select_related("place__country", "organization").prefetch_related(
        "partnerships__partner", "themes"
    )


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


def activities_of_partnership(partnership: Partnership) -> list[Activity]:
    return list(_listed(partnership.activities.all()).order_by("-starts_on", "-pk"))


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


def culture_days_pairs(authority: Authority) -> list[tuple[Activity, Activity | None]]:
    """Culture days in time order, each with the days that answer it (shown once, beside it)."""
    days = list(
        Activity.objects.filter(authority=authority, kind=Kind.CULTURE_DAYS)
        .select_related("place__country", "reciprocal__place__country")
        .prefetch_related("partnerships__partner")
        .order_by("starts_on", "pk")
    )
    answers = {d.reciprocal_id for d in days if d.reciprocal_id}
    return [(d, d.reciprocal) for d in days if d.pk not in answers]


def conferences(authority: Authority) -> QuerySet[Activity]:
    """International conferences the authority hosted."""
    return (
        Activity.objects.filter(
            authority=authority, kind=Kind.CONFERENCE, direction=Direction.HOSTED
        )
        .select_related("organization", "place__country")
        .order_by("-starts_on", "pk")
    )
