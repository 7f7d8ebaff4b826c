"""What a check of a sheet finds, and the reading of a row that every kind of record shares."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority
from twintowns.authorities.records import Actor
from twintowns.imports.values import BadValue, split_city_country
from twintowns.places.display import regions_shown
from twintowns.places.matching import QUERY_BATCH, Candidate, Match
from twintowns.places.models import Place

PROGRESS_EVERY = 500
# A check keeps this many errors (the first ones) and counts the rest: a bad column of
# 50,000 rows would otherwise hold 50,000 messages in memory and in the job's report.
MAX_ERRORS = 500
Progress = Callable[[int], None]
# Names shown with the place each was read as, at most; those still to settle are all shown.
PLACES_SHOWN = 500
# Places offered for a name, and row numbers kept for it (the rest are counted).
CANDIDATES_SHOWN = 10
ROWS_SHOWN = 50


@dataclass
class Plan:
    """What a check found: errors, places to settle, and the rows ready to write."""

    kind: str
    rows_total: int
    encoding: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    merged: list[dict[str, int]] = field(default_factory=list)
    largest: list[dict[str, Any]] = field(default_factory=list)
    skipped_places: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    # Every name written with the place it was read as (matched, or chosen, or skipped).
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    imported: bool = False
    _first_rows: dict[Hashable, int] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unresolved

    def error(self, row: int, column: str, value: str, message: str) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "value": value, "message": message})

    def is_new(self, row: int, key: Hashable, *, recorded: bool) -> bool:
        """Whether `row` is one to write: not `recorded` already (then it is "already there"),
        nor a repeat of an earlier row with the same `key` (then it merges into that one)."""
        if recorded:
            self.existing.append(row)
            return False
        if key in self._first_rows:
            self.merged.append({"row": row, "into": self._first_rows[key]})
            return False
        self._first_rows[key] = row
        return True

    def report(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows_total": self.rows_total,
            "encoding": self.encoding,
            "errors": self.errors,
            "errors_total": self.errors_total,
            "unresolved": self.unresolved,
            "skipped": self.skipped,
            "existing": self.existing,
            "merged": self.merged,
            "largest": self.largest,
            "skipped_places": self.skipped_places,
            "unmapped": self.unmapped,
            "places": list(self.places.values())[:PLACES_SHOWN],
            "places_more": max(0, len(self.places) - PLACES_SHOWN),
            "to_create": len(self.items),
            "created": self.created,
            "imported": self.imported,
        }


def place_key(city: str, country: str) -> str:
    return f"{city}\t{country}"


def place_entry(key: str, pair: tuple[str, str], match: Match) -> dict[str, Any]:
    """A name of the sheet as the check shows it: what the gazetteer made of it, and its rows."""
    return {
        "key": key,
        "city": pair[0],
        "country": pair[1],
        "outcome": str(match.outcome),
        "place": _candidate(match.place) if match.place else None,
        "largest_of": match.largest_of,
        "candidates": [_candidate(c) for c in match.candidates[:CANDIDATES_SHOWN]],
        "rows": [],
        "rows_more": 0,
    }


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.place_id,
        "name": candidate.name,
        "country": candidate.country_code,
        "population": candidate.population,
    }


def add_regions(entries: Iterable[dict[str, Any]]) -> None:
    """Give each place shown for the names its region ("Tripoli": North Lebanon, or Tripoli
    District), read in two queries per 900 places."""
    shown = [c for e in entries for c in [*e["candidates"], *([e["place"]] if e["place"] else [])]]
    ids = sorted({c["id"] for c in shown})
    regions: dict[int, str] = {}
    for start in range(0, len(ids), QUERY_BATCH):
        places = Place.objects.filter(pk__in=ids[start : start + QUERY_BATCH])
        rows = places.values_list("pk", "name", "region__name")
        regions.update(regions_shown({pk: (name, region or "") for pk, name, region in rows}))
    for candidate in shown:
        candidate["region"] = regions.get(candidate["id"], "")


def entry_row(entry: dict[str, Any], number: int) -> None:
    """Count row `number` under a name, keeping the first `ROWS_SHOWN` numbers."""
    if len(entry["rows"]) < ROWS_SHOWN:
        entry["rows"].append(number)
    else:
        entry["rows_more"] += 1


class Reader:
    """How one kind of record is read from a row, checked as a whole and written."""

    needs_places = False

    def __init__(self, authority: Authority) -> None:
        self.authority = authority

    def parse(
        self, plan: Plan, number: int, record: dict[str, str], columns: dict[str, str]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, header in columns.items():
            text = record.get(header, "") or ""
            try:
                self.read(values, name, text)
            except BadValue as error:
                plan.error(number, header, text, str(error))
        self.row_rules(plan, number, values, record, columns)
        return values

    def read(self, values: dict[str, Any], name: str, text: str) -> None:
        values[name] = text

    def row_rules(
        self,
        plan: Plan,
        number: int,
        values: dict[str, Any],
        record: dict[str, str],
        columns: dict[str, str],
    ) -> None:
        """Rules across fields of one row."""

    def prepare(
        self, plan: Plan, rows: list[tuple[int, dict[str, Any]]], columns: dict[str, str]
    ) -> None:
        raise NotImplementedError

    def write(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        raise NotImplementedError


class PlaceReader(Reader):
    needs_places = True

    def read(self, values: dict[str, Any], name: str, text: str) -> None:
        if name == "city_country":
            city, country = split_city_country(text)
            values.setdefault("city", city)
            values.setdefault("country", country)
            return
        values[name] = text

    def row_rules(
        self,
        plan: Plan,
        number: int,
        values: dict[str, Any],
        record: dict[str, str],
        columns: dict[str, str],
    ) -> None:
        values.setdefault("country", "")
        if not values.get("city", "").strip():
            header = columns.get("city") or columns.get("city_country", "")
            plan.error(number, header, record.get(header, ""), _("The partner city is missing."))


def model_errors(
    plan: Plan, number: int, error: ValidationError, columns: dict[str, str], record: dict[str, Any]
) -> None:
    """A model's own validation errors, each against the column its field came from."""
    for name, messages in error.message_dict.items():
        header = columns.get(_FIELD_COLUMNS.get(name, name), "")
        for message in messages:
            plan.error(number, header, str(record.get(name, "")), message)


_FIELD_COLUMNS = {
    "signed_on": "signed",
    "since_year": "since",
    "until_year": "until",
    "partner": "city",
    "partnership": "city",
}
