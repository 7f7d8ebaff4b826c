"""Dates the records know only in part: "2006", "October 2015", "10–13 September 2015".

Written two ways, each once: for a reader (`format_partial`, `format_span`, in the active
language) and for a machine (`iso_partial`: the API, the exports' month and year cells).
"""

import calendar
import datetime as dt

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def truncate(day: dt.date, precision: str) -> dt.date:
    """The first day of the period a partial date names, so sorting and filtering stay simple."""
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return day.replace(day=1)
    return day


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day of the period a partial date names: 31 December for a year."""
    if precision == Precision.YEAR:
        return day.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def iso_partial(day: dt.date | None, precision: str) -> str | None:
    """The known part of a date as ISO 8601, four-digit years: "2006", "2015-10", "2015-09-10"."""
    if day is None:
        return None
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def format_partial(day: dt.date | None, precision: str) -> str:
    """The known part of a date as a reader of the active language writes it: "October 2015"."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


def format_span(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    first = format_partial(start, precision)
    if end is None or end == start:
        return first
    return f"{first} – {format_partial(end, precision)}"
