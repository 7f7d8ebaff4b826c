"""Cell text to values: partial dates, choices by label in either language, themes, years."""

import datetime as dt
import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from twintowns.core.models import Theme
from twintowns.lib.dates import Precision
from twintowns.lib.text import fold


class BadValue(ValueError):
    """A cell that cannot be read as its field; the message says what would be."""


_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[./](\d{4})")
_YEAR = re.compile(r"\d{4}")


def parse_partial_date(text: str) -> tuple[dt.date | None, str]:
    """A date and its precision from dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy; empty is None."""
    text = text.strip()
    if not text:
        return None, Precision.DAY
    try:
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day), Precision.DAY
        if match := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day), Precision.DAY
        if match := _MONTH_YEAR.fullmatch(text):
            month, year = (int(g) for g in match.groups())
            return dt.date(year, month, 1), Precision.MONTH
        if _YEAR.fullmatch(text):
            return dt.date(int(text), 1, 1), Precision.YEAR
    except ValueError as error:
        raise BadValue(_("This date does not exist.")) from error
    raise BadValue(_("Write dates as dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy."))


def parse_day(text: str) -> dt.date | None:
    day, precision = parse_partial_date(text)
    if day is not None and precision != Precision.DAY:
        raise BadValue(_("A full date is needed here (dd.mm.yyyy)."))
    return day


def parse_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    day, _precision = parse_partial_date(text)
    assert day is not None
    return day.year


class ChoiceReader:
    """A choice by its value, its English label or its Turkish label, case and accents aside."""

    def __init__(self, choices: type[models.TextChoices], **aliases: str) -> None:
        self.choices = choices
        self.keys: dict[str, str] = {fold(alias): value for alias, value in aliases.items()}
        for value, label in choices.choices:
            self.keys[fold(value)] = value
            self.keys[fold(str(label))] = value
            with translation.override("tr"):
                self.keys[fold(str(label))] = value

    def __call__(self, text: str) -> str | None:
        if not text.strip():
            return None
        value = self.keys.get(fold(text))
        if value is None:
            labels = ", ".join(str(label) for label in self.choices.labels)
            raise BadValue(_("Not one of: %(labels)s.") % {"labels": labels})
        return value


class ThemeReader:
    """Themes by code, English or Turkish name, separated by ";" or ","."""

    def __init__(self) -> None:
        self.themes = {theme.pk: theme for theme in Theme.objects.all()}
        self.keys: dict[str, int] = {}
        for theme in self.themes.values():
            for key in (theme.code, theme.name, theme.name_tr):
                self.keys[fold(key)] = theme.pk

    def __call__(self, text: str) -> list[int]:
        ids = []
        for part in re.split(r"[;,]", text):
            if not part.strip():
                continue
            if fold(part) not in self.keys:
                names = ", ".join(t.name for t in self.themes.values())
                raise BadValue(
                    _("“%(theme)s” is not a theme. Themes: %(names)s.")
                    % {"theme": part.strip(), "names": names}
                )
            ids.append(self.keys[fold(part)])
        return ids


def split_city_country(text: str) -> tuple[str, str]:
    """ "Seoul, South Korea" -> ("Seoul", "South Korea"); the country is after the first comma."""
    city, _sep, country = text.partition(",")
    return city.strip(), country.strip()
