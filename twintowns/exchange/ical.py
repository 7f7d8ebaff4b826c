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
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Component, Event, vCategory, vDDDTypes, vDuration, vText, vUri
from icalendar.parser import Contentline, Parameters
from icalendar.timezone import tzp

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.exchange.rows import ActivityRow
from twintowns.lib.dates import Precision, format_partial
from twintowns.lib.text import capfirst

type Absolute = Callable[[str], str]

PRODID = "-//Twintowns//Activities//EN"
# How often a calendar application should fetch the feed again.
REFRESH = dt.timedelta(hours=6)
# Octets on a line before icalendar folds it (RFC 5545 allows 75).
FOLD_AT = 74
# An id no activity has: its URL, made once, takes each activity's id in its place.
_PLACEHOLDER = 987654321987654321


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
    shared = Shared.now(absolute)
    # The events' lines go before the calendar's END, as in Calendar.to_ical(); but each event
    # is written as soon as it is made, so that thousands are never held at once (passes of the
    # garbage collector over them took a third of the time).
    *head, end = (line for line in calendar.content_lines() if line)
    written = [_folded(line) for line in head]
    written.extend(to_ical(activity_event(row, shared)) for row in activities)
    written.append(_folded(end))
    return b"".join(written)


def activity_uid(activity: Activity) -> str:
    """Stable for the activity's life, so a change replaces the event instead of adding one."""
    return f"activity-{activity.pk}@{activity.authority_id}.twintowns"


@dataclass(frozen=True)
class Shared:
    """What the events of a feed have in common, worked out once: reverse(), gettext and
    get_FOO_display() for each of 5,000 events took longer than making the events."""

    stamp: vDDDTypes
    url_around_id: tuple[str, str]
    kinds: dict[str, str]
    directions: dict[str, str]
    partners: str
    outcomes: str
    month_known: str
    days: dict[dt.date, vDDDTypes] = field(default_factory=dict)

    @classmethod
    def now(cls, absolute: Absolute) -> "Shared":
        """In the active language, stamped now."""
        url = absolute(Activity(pk=_PLACEHOLDER).get_absolute_url())
        before, placeholder, after = url.rpartition(str(_PLACEHOLDER))
        assert placeholder, "an activity's URL holds its id"
        return cls(
            # In UTC, as RFC 5545 asks and Event.add() does.
            stamp=_Written(tzp.localize_utc(timezone.now())),
            url_around_id=(before, after),
            kinds=_labels(Kind),
            directions=_labels(Direction),
            partners=_("Partners"),
            outcomes=_("Outcomes"),
            month_known=_("%(title)s (%(month)s, day not known)"),
        )

    def day(self, day: dt.date) -> vDDDTypes:
        """The day as an all-day event's DTSTART or DTEND (VALUE=DATE), one value for all."""
        value = self.days.get(day)
        if value is None:
            value = self.days[day] = _Written(day)
        return value


def _labels(choices: type[TextChoices]) -> dict[str, str]:
    """The labels by value, as get_FOO_display() gives them."""
    return {value: str(label) for value, label in choices.choices}


def activity_event(row: ActivityRow, shared: Shared) -> Event:
    """The activity's event, with the value types Event.add() would infer (inferring them
    takes as long as the rest)."""
    activity = row.activity
    assert activity.starts_on is not None  # feed_activities asks for dated ones only
    before, after = shared.url_around_id
    event = _Event()
    event["uid"] = vText(activity_uid(activity))
    event["dtstamp"] = shared.stamp
    event["summary"] = vText(_summary(activity, shared))
    event["dtstart"] = shared.day(activity.starts_on)
    event["dtend"] = shared.day(_day_after(activity))
    event["description"] = vText(_description(row, shared))
    event["categories"] = vCategory([shared.kinds.get(activity.kind, activity.kind)])
    event["url"] = vUri(f"{before}{activity.pk}{after}")
    if activity.place:
        place = activity.place
        event["location"] = vText(f"{place.name}, {place.country.localized_name}")
    return event


def _summary(activity: Activity, shared: Shared) -> str:
    if activity.date_precision == Precision.MONTH:
        return shared.month_known % {
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


def _description(row: ActivityRow, shared: Shared) -> str:
    activity = row.activity
    kind = shared.kinds.get(activity.kind, activity.kind)
    direction = shared.directions.get(activity.direction, activity.direction)
    lines = [capfirst(f"{kind} · {direction}")]
    if row.partners:
        lines.append(f"{shared.partners}: {', '.join(row.partners)}")
    if activity.description:
        lines.append(activity.description)
    if activity.outcomes:
        lines.append(f"{shared.outcomes}: {activity.outcomes}")
    return "\n\n".join(lines)


# Writing. icalendar makes every line and none of this changes a byte of the text (the tests
# compare it with icalendar's own): it only spares icalendar work it would do once per event
# where once per feed will do, and folds a line at a time rather than a character at a time.


class _Written(vDDDTypes):
    """A date or time that many events have, written once for all of them: icalendar takes
    several times as long to write a date as a line of text."""

    @cached_property
    def _ical(self) -> bytes:
        return super().to_ical()

    def to_ical(self) -> bytes:
        return self._ical


class _Event(Event):
    def content_line(self, name: str, value: Any, sorted: bool = True) -> Contentline:
        """Component.content_line() without the empty Parameters it makes for each line, even
        for a value that has its own."""
        params = getattr(value, "params", None) or _NO_PARAMETERS
        return Contentline.from_parts(name, params, value, sorted=sorted)


_NO_PARAMETERS = Parameters()


def to_ical(component: Component) -> bytes:
    """component.to_ical(), byte for byte: icalendar's content lines, folded where icalendar
    folds them, by octets instead of character by character (a third of a large feed's time)."""
    return b"".join(_folded(line) for line in component.content_lines() if line)


def _folded(line: str) -> bytes:
    """The line in UTF-8, folded before an octet that would make it longer than FOLD_AT:
    never inside a character, nor right after a backslash or caret, which would part an
    escape from the character it escapes."""
    data = line.encode()
    if len(data) <= FOLD_AT:
        return data + b"\r\n"
    parts = []
    start = 0
    while len(data) - start > FOLD_AT:
        end = start + FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation octet
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"
