"""Reads of the exchange app: calendar feeds and what a feed holds."""

import datetime as dt

from django.db.models import Q, QuerySet

from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.exchange.models import CalendarFeed, token_hash
from twintowns.lib.dates import Precision


def calendar_feeds(authority: Authority) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(authority=authority).select_related("created_by")


def live_feed(token: str) -> CalendarFeed | None:
    """The feed a token opens, unless it was revoked."""
    feeds = CalendarFeed.objects.live().select_related("authority")
    return feeds.filter(token_hash=token_hash(token)).first()


# How far back a feed goes. A calendar subscription is for what is coming and what just
# happened; the whole record is in the activity list and its exports. It also keeps the feed
# of an authority with 20,000 activities small enough for a calendar application to poll.
FEED_PAST = dt.timedelta(days=366)


def feed_activities(authority: Authority, today: dt.date) -> QuerySet[Activity]:
    """The activities a calendar can place (known to the day, or to the month: see ical.py),
    from a year before `today` on."""
    since = today - FEED_PAST
    return (
        Activity.objects.filter(
            Q(starts_on__gte=since) | Q(ends_on__gte=since),
            authority=authority,
            starts_on__isnull=False,
            date_precision__in=[Precision.DAY, Precision.MONTH],
        )
        .select_related("place__country")
        .order_by("starts_on", "pk")
    )
