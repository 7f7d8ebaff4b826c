"""What a person typed in a place box, read by the rule the import reads its sheets by.

"Ganja", "Ganja, Azerbaijan" or "Gence, Azerbaycan" is one place, and is taken. "Tripoli" is
the name of two cities of comparable size, so the person chooses between them; "Ganj" is the
name of none, so the places whose names begin so are offered instead. The text before the first
comma is the name, the rest the country; whether one place is meant is decided by
`places.matching` (see its docstring), never by the first hit of a prefix search.
"""

import enum
from dataclasses import dataclass

from twintowns.places.matching import Match, Outcome, PlaceMatcher
from twintowns.places.models import Place
from twintowns.places.selectors import places_by_id, places_matching

# Places offered to choose from when the text is not one place.
MAX_CHOICES = 10


class Problem(enum.StrEnum):
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    UNKNOWN_COUNTRY = "unknown_country"


@dataclass(frozen=True)
class Resolution:
    """The place meant, or why there is none and the places to choose from instead."""

    name: str
    country: str = ""
    place: Place | None = None
    problem: Problem | None = None
    choices: tuple[Place, ...] = ()


def place_resolve(text: str) -> Resolution:
    """The one place `text` names ("Name" or "Name, Country"), or the places to choose from."""
    name, _comma, country = (part.strip() for part in text.partition(","))
    matcher = PlaceMatcher()
    match = matcher.resolve([(name, country)])[(name, country)]
    if match.outcome == Outcome.MATCHED:
        return Resolution(name, country, place=places_by_id([match.place_id])[0])
    if match.outcome == Outcome.AMBIGUOUS:
        return Resolution(name, country, problem=Problem.AMBIGUOUS, choices=_choices(match))
    if match.outcome == Outcome.UNKNOWN_COUNTRY:
        # The name alone may well be known; none of its places is taken without asking.
        anywhere = matcher.resolve([(name, "")])[(name, "")]
        choices = _choices(anywhere) or _beginning(name, "")
        return Resolution(name, country, problem=Problem.UNKNOWN_COUNTRY, choices=choices)
    return Resolution(
        name, country, problem=Problem.UNKNOWN, choices=_beginning(name, match.country_code)
    )


def _choices(match: Match) -> tuple[Place, ...]:
    ids: list[int | None] = [c.place_id for c in match.candidates] or [match.place_id]
    return tuple(places_by_id(ids[:MAX_CHOICES]))


def _beginning(name: str, country_code: str) -> tuple[Place, ...]:
    """The most populous places with a name beginning with `name`, in the country if given."""
    places = places_matching(name).select_related("country", "region")
    if country_code:
        places = places.filter(country_id=country_code)
    return tuple(places[:MAX_CHOICES])
