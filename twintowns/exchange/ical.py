"""An authority's activities as an iCalendar feed (RFC 5545) a calendar application subscribes to.

From a year back on (selectors.FEED_PAST): a calendar is for what is coming and what just
happened; the whole record is in the activity list and its exports.

Dates as precise as the record: an activity known to the day is an all-day event over its
days. One known only to the month is an all-day event on the month's first day, its summary
saying that only the month is known, so planned activities ("March 2027") are on the
calendar without a made-up day. One known only to the year is left out: a whole year is no
event, and 1 January would be a false date.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.exchange.rows import ActivityRow
from twintowns.lib.dates import Precision, format_partial
from twintowns.lib.text import capfirst

type Absolute = Callable[[str], str]

PRODID = "-//Twintowns//Activities//EN"
# How often a calendar application should fetch the feed again.
REFRESH = dt.timedelta(hours=6)


def activity_calendar(
    authority: Authority, activities: Iterable[ActivityRow], absolute: Absolute
) -> bytes:
    """The feed's text, in the active language."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _("%(authority)s: activities") % {"authority": authority.localized_name}
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # icalendar knows no type for this one: give it as RFC 5545 writes durations.
    calendar.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    stamp = timezone.now()
    for row in activities:
        calendar.add_component(activity_event(row, stamp, absolute))
    return calendar.to_ical()


def activity_uid(activity: Activity) -> str:
    """Stable for the activity's life, so a change replaces the event instead of adding one."""
    return f"activity-{activity.pk}@{activity.authority_id}.twintowns"


def activity_event(row: ActivityRow, stamp: dt.datetime, absolute: Absolute) -> Event:
    activity = row.activity
    assert activity.starts_on is not None  # feed_activities asks for dated ones only
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", stamp)
    event.add("summary", _summary(activity))
    event.add("dtstart", activity.starts_on)
    event.add("dtend", _day_after(activity))
    event.add("description", _description(row))
    event.add("categories", [activity.get_kind_display()])
    event.add("url", absolute(activity.get_absolute_url()))
    if activity.place:
        event.add("location", f"{activity.place.name}, {activity.place.country.localized_name}")
    return event


def _summary(activity: Activity) -> str:
    if activity.date_precision == Precision.MONTH:
        return _("%(title)s (%(month)s, day not known)") % {
            "title": activity.title,
            "month": format_partial(activity.starts_on, Precision.MONTH),
        }
    return activity.title


def _day_after(activity: Activity) -> dt.date:
    """All-day events end on the day after their last (RFC 5545's DTEND is exclusive)."""
    assert activity.starts_on is not None
    if activity.date_precision == Precision.MONTH:
        return activity.starts_on + dt.timedelta(days=1)
    return (activity.ends_on or activity.starts_on) + dt.timedelta(days=1)


def _description(row: ActivityRow) -> str:
    activity = row.activity
    partners = ", ".join(row.partners)
    lines = [capfirst(f"{activity.get_kind_display()} · {activity.get_direction_display()}")]
    if partners:
        lines.append(f"{_('Partners')}: {partners}")
    if activity.description:
        lines.append(activity.description)
    if activity.outcomes:
        lines.append(f"{_('Outcomes')}: {activity.outcomes}")
    return "\n\n".join(lines)
