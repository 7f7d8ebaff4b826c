"""Loading a file of twinnings into the directory: read, normalise, match, merge, write, report.

Three layouts are read: the Wikipedia lists (`city1,country1,city2,country2`, with or without
`lat1,lng1,lat2,lng2`), what the Wikidata Query Service returns for a P190 query (`item`,
`itemLabel`, `twin`, `twinLabel`, optional country labels and `Point(lon lat)` coordinates, as
CSV or as TSV with RDF terms), and any table whose columns are named with `--map column=field`.

Nothing is guessed: a name the gazetteer cannot settle is left out and listed with the number of
rows it cost, and no country is made up (a region is looked up as one: see `places.matching`);
every spelling read as another country, region or place is listed with its rows. A new import of
a source that would take twinnings away from it says how many and needs `replace`. The relation
has no direction, so "A-B" and "B-A" are one twinning; a row whose
two sides are the same place is dropped. A second import of the same file changes nothing.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from twintowns.directory.models import DirectorySource, NameOutcome, Twinning, UnresolvedName
from twintowns.lib.tables import MB, Limits, Table
from twintowns.lib.text import fold
from twintowns.places.matching import (
    CountryResolver,
    Located,
    Match,
    Outcome,
    PlaceMatcher,
    Read,
)
from twintowns.places.models import Place

# The bounds a file is read within: the directory's own, not the office import's settings
# (TWINTOWNS_IMPORT_MAX_*), which bound what any editor may upload; this is a command-line load
# of public data (the shipped file: 1.8 MB, 25,917 rows of 8 columns). Their defaults' values.
BOUNDS = Limits(
    file_bytes=50 * MB, unpacked_bytes=100 * MB, rows=50_000, columns=100, cell_chars=10_000
)
FIELDS = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
# Wikidata gives a place's coordinates as one WKT value; a mapping may name such a column too.
POINT_FIELDS = ("point1", "point2")
# Rows listed by row number in the report when invalid; the count covers them all.
INVALID_LISTED = 100
# Ids asked for per query: under SQLite's default limit of 999 parameters.
BATCH = 900
# Raised when the way names are read changes, so that `--skip-if-loaded` reads a file again.
MATCHING_VERSION = 2
# Twinnings named in the message that refuses to remove them without `replace`.
REMOVED_NAMED = 5
WIKIDATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "city1": ("itemLabel", "item"),
    "country1": ("itemCountryLabel", "countryLabel", "country1Label", "itemCountry", "country"),
    "point1": ("itemCoord", "coord", "itemCoordinates", "coordinates", "itemLocation", "location"),
    "city2": ("twinLabel", "twin"),
    "country2": ("twinCountryLabel", "twinCountry", "country2Label"),
    "point2": ("twinCoord", "twinCoordinates", "twinLocation"),
}
_POINT = re.compile(r"^\s*Point\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)
_ENTITY = re.compile(r"^<?https?://www\.wikidata\.org/entity/(Q\d+)>?$")
# An RDF literal as the Query Service writes it in TSV, quoted or already unquoted by `csv`.
_LITERAL = re.compile(r'^"?(.*?)"?(?:@[a-zA-Z]{2,8}(?:-[a-zA-Z0-9]+)*|\^\^<[^>]*>)$', re.DOTALL)


class MappingError(Exception):
    """The file's columns cannot be read as a list of twinnings; the message says what to map."""


class WouldRemove(Exception):
    """The import would take twinnings away from its source, and `replace` was not given."""

    def __init__(self, source: str, count: int, examples: list[str]) -> None:
        self.source, self.count, self.examples = source, count, examples
        named = "; ".join(examples) + ("; …" if count > len(examples) else "")
        super().__init__(
            f"This file would remove {count:,} twinnings from the source “{source}” (the file no "
            f"longer lists them, or their names no longer settle: {named}). Nothing was written; "
            "run it again with --replace to remove them."
        )


def column_mapping(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> column: the layout recognised from the headers, changed by `overrides`.

    `overrides` maps a column to a field (`--map column=field`); it takes that field, and that
    column, from whatever the headers suggested.
    """
    overrides = overrides or {}
    known = set(FIELDS) | set(POINT_FIELDS)
    for column, target in overrides.items():
        if target not in known:
            raise MappingError(
                f"“{target}” is not a field; use one of {', '.join(FIELDS + POINT_FIELDS)}."
            )
        if column not in headers:
            raise MappingError(f"The file has no column “{column}”; it has {', '.join(headers)}.")
    mapping = {
        target: column
        for target, column in _recognised(headers).items()
        if column not in overrides and target not in overrides.values()
    }
    mapping.update({target: column for column, target in overrides.items()})
    if not {"city1", "city2"} <= mapping.keys():
        raise MappingError(
            "The columns of the two places were not recognised: name them with "
            f"--map COLUMN=city1 --map COLUMN=city2 (the file has {', '.join(headers)})."
        )
    return mapping


def _recognised(headers: list[str]) -> dict[str, str]:
    by_lower = {header.lstrip("?").lower(): header for header in headers}
    if {"city1", "city2"} <= by_lower.keys():
        return {name: by_lower[name] for name in FIELDS if name in by_lower}
    mapping = {}
    for target, names in WIKIDATA_COLUMNS.items():
        column = next((by_lower[n.lower()] for n in names if n.lower() in by_lower), None)
        if column is not None:
            mapping[target] = column
    return mapping


@dataclass(frozen=True)
class Side:
    city: str
    country: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def located(self) -> Located:
        return (self.city, self.country, self.latitude, self.longitude)


@dataclass(frozen=True)
class Row:
    number: int
    a: Side
    b: Side


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    # Country spellings moved out of the city ("Varna, Bulgaria" with no country), by rows.
    countries_from_city: int = 0


def parse_rows(table: Table, mapping: dict[str, str], countries: CountryResolver) -> Parsed:
    """Each row as two sides, or listed as invalid with its row number, field and value."""
    parsed = Parsed()
    index = {target: table.headers.index(column) for target, column in mapping.items()}
    refused = {number for number, *_ in table.cell_errors}
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        values = {target: _clean(cells[i]) if i < len(cells) else "" for target, i in index.items()}
        problem = _problem(values) if number not in refused else ("", "", "formula")
        if problem:
            target, value, reason = problem
            parsed.invalid.append(
                {"row": number, "field": target, "value": value, "reason": reason}
            )
            continue
        a, moved_a = _side(values, "1", countries)
        b, moved_b = _side(values, "2", countries)
        parsed.countries_from_city += moved_a or moved_b
        parsed.rows.append(Row(number, a, b))
    return parsed


def _clean(cell: str) -> str:
    """A cell without the Query Service's RDF dressing: entity URIs to Q-ids, literals bare."""
    cell = cell.strip()
    entity = _ENTITY.match(cell)
    if entity:
        return entity.group(1)
    literal = _LITERAL.match(cell)
    if literal:
        cell = literal.group(1)
    elif cell.startswith('"') and cell.endswith('"') and len(cell) > 1:
        cell = cell[1:-1]
    return cell.replace('\\"', '"').strip()


def _problem(values: dict[str, str]) -> tuple[str, str, str] | None:
    """(field, value, reason) of the first thing that makes the row unusable, or None."""
    for target in ("city1", "city2"):
        if not values.get(target):
            return (target, "", "empty")
    for suffix in ("1", "2"):
        try:
            _point(values, suffix)
        except ValueError as error:
            target, value = error.args
            return (target, value, "coordinates")
    return None


def _point(values: dict[str, str], suffix: str) -> tuple[float | None, float | None]:
    """Latitude and longitude of side `suffix`, None when not given; ValueError when unreadable."""
    point = values.get(f"point{suffix}", "")
    if point:
        found = _POINT.match(point)
        if not found:
            raise ValueError(f"point{suffix}", point)
        lng_text, lat_text = found.groups()
        return _coordinate(f"point{suffix}", lat_text, 90), _coordinate(
            f"point{suffix}", lng_text, 180
        )
    lat_text, lng_text = values.get(f"lat{suffix}", ""), values.get(f"lng{suffix}", "")
    if not lat_text or not lng_text:
        return None, None
    return _coordinate(f"lat{suffix}", lat_text, 90), _coordinate(f"lng{suffix}", lng_text, 180)


def _coordinate(target: str, text: str, limit: float) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(target, text) from None
    if not -limit <= value <= limit:
        raise ValueError(target, text)
    return value


def _side(values: dict[str, str], suffix: str, countries: CountryResolver) -> tuple[Side, bool]:
    """One place of the row; a country written into the city ("Varna, Bulgaria") moved out.

    A name that is a region too stays ("Atlanta, Georgia"): matching reads it as either.
    """
    city, country = values[f"city{suffix}"], values.get(f"country{suffix}", "")
    moved = False
    if not country and "," in city:
        head, tail = (part.strip() for part in city.rsplit(",", 1))
        if head and countries.resolve(tail) and not countries.regions_named(tail):
            city, country, moved = head, tail, True
    latitude, longitude = _point(values, suffix)
    return Side(city, country, latitude, longitude), moved


@dataclass
class Settled:
    """What matching made of the rows: the pairs of place ids and every count the report gives."""

    pairs: set[tuple[int, int]] = field(default_factory=set)
    rows_matched: int = 0
    self_loops: int = 0
    duplicates: int = 0
    rows_unresolved: int = 0
    unresolved: Counter[tuple[str, str]] = field(default_factory=Counter)
    outcomes: dict[tuple[str, str], Match] = field(default_factory=dict)
    by_coordinates: set[tuple[str, str]] = field(default_factory=set)
    largest_of: set[tuple[str, str]] = field(default_factory=set)
    # (city as written, how, read as) -> rows: a region after the city's comma, or a text there
    # that is no region and was read past.
    city_readings: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def settle(rows: list[Row], matcher: PlaceMatcher, progress: Callable[[int], None]) -> Settled:
    """Match both sides of every row, merge duplicates in either direction, drop self-loops."""
    matches = matcher.resolve_located(side.located for row in rows for side in (row.a, row.b))
    settled = Settled()
    for done, row in enumerate(rows, 1):
        _settle_row(settled, row, matches[_key(row.a)], matches[_key(row.b)], matcher)
        if done % 1000 == 0 or done == len(rows):
            progress(done)
    return settled


def _key(side: Side) -> Located:
    return (side.city.strip(), side.country.strip(), side.latitude, side.longitude)


def _settle_row(settled: Settled, row: Row, a: Match, b: Match, matcher: PlaceMatcher) -> None:
    for side, match in ((row.a, a), (row.b, b)):
        name = (side.city, side.country)
        if match.by_coordinates:
            settled.by_coordinates.add(name)
        elif match.largest_of:
            settled.largest_of.add(name)
        _count_city_reading(settled, side, match, matcher.countries)
    if a.place_id is not None and b.place_id is not None:
        if a.place_id == b.place_id:
            settled.self_loops += 1
            return
        pair = (min(a.place_id, b.place_id), max(a.place_id, b.place_id))
        settled.duplicates += pair in settled.pairs
        settled.pairs.add(pair)
        settled.rows_matched += 1
        return
    if _same_text(row.a, row.b, matcher.countries):
        settled.self_loops += 1
        return
    settled.rows_unresolved += 1
    for side, match in ((row.a, a), (row.b, b)):
        if match.place_id is None:
            name = (side.city, side.country)
            settled.unresolved[name] += 1
            settled.outcomes.setdefault(name, match)


def _count_city_reading(
    settled: Settled, side: Side, match: Match, countries: CountryResolver
) -> None:
    """Count how a matched city's text after its comma was read; unmatched ones are listed."""
    if match.place_id is None:
        return
    if match.read_past:
        settled.city_readings[(side.city, "read_past", match.read_past)] += 1
    elif (
        "," in side.city
        and match.regions
        and match.regions != countries.read(side.country).region_names
    ):
        settled.city_readings[(side.city, Read.REGION, "; ".join(match.regions))] += 1


def _same_text(a: Side, b: Side, countries: CountryResolver) -> bool:
    return fold(a.city) == fold(b.city) and countries.resolve(a.country) == countries.resolve(
        b.country
    )


def country_figures(rows: list[Row], countries: CountryResolver) -> dict[str, list[dict[str, Any]]]:
    """Spellings read as another country's name or as regions, and those nothing answers."""
    used: Counter[str] = Counter()
    for row in rows:
        used.update({row.a.country, row.b.country} - {""})
    normalised, unknown = [], []
    for written, count in sorted(used.items(), key=lambda item: (-item[1], item[0])):
        reading = countries.read(written)
        if reading.how == Read.UNKNOWN:
            unknown.append({"written": written, "rows": count})
        elif reading.how == Read.REGION:
            codes = sorted(reading.codes)
            name = "; ".join(reading.region_names)
            normalised.append(_normalised(written, ", ".join(codes), name, reading.how, count))
        elif written != countries.names[code := next(iter(reading.whole))]:
            normalised.append(_normalised(written, code, countries.names[code], reading.how, count))
    return {"countries_normalised": normalised, "countries_unknown": unknown}


def _normalised(written: str, code: str, name: str, how: str, rows: int) -> dict[str, Any]:
    return {"written": written, "code": code, "name": name, "how": str(how), "rows": rows}


def city_figures(settled: Settled) -> list[dict[str, Any]]:
    """Cities read in a region named after their comma, or with that text read past, by rows."""
    readings = sorted(settled.city_readings.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"written": written, "how": str(how), "read_as": read_as, "rows": rows}
        for (written, how, read_as), rows in readings
    ]


@dataclass(frozen=True)
class Written:
    created: int
    already: int
    removed: int


def directory_import(
    *,
    name: str,
    table: Table,
    mapping: dict[str, str],
    file_name: str = "",
    sha256: str = "",
    progress: Callable[[int], None] | None = None,
    replace: bool = False,
) -> DirectorySource:
    """Read, match and write one file as the source `name`; its report is on the source.

    The source's twinnings become exactly the file's: new pairs are created, pairs it no longer
    lists lose this source (and go when no source is left), which only `replace` allows: else
    `WouldRemove` says how many and nothing is written. All in one transaction.
    """
    countries = CountryResolver.load()
    parsed = parse_rows(table, mapping, countries)
    progress = progress or (lambda done: None)
    settled = settle(parsed.rows, PlaceMatcher(countries), progress)
    progress(len(table.rows))
    with transaction.atomic():
        source, _created = DirectorySource.objects.get_or_create(name=name)
        _refuse_removals(source, settled.pairs, replace)
        written = _twinnings_sync(source, settled.pairs)
        _unresolved_sync(source, settled)
        source.file_name = file_name
        source.sha256 = sha256
        source.imported_at = timezone.now()
        source.report = _report(table, parsed, settled, countries, written)
        source.full_clean()
        source.save()
    return source


def _refuse_removals(source: DirectorySource, pairs: set[tuple[int, int]], replace: bool) -> None:
    """Raise `WouldRemove` when the source would lose twinnings and `replace` is not given."""
    if replace:
        return
    links = Twinning.sources.through.objects.filter(directorysource=source)
    linked = set(links.values_list("twinning__place_a_id", "twinning__place_b_id"))
    gone = sorted(linked - pairs)
    if gone:
        raise WouldRemove(source.name, len(gone), _pair_names(gone[:REMOVED_NAMED]))


def _pair_names(pairs: list[tuple[int, int]]) -> list[str]:
    ids = {place_id for pair in pairs for place_id in pair}
    places = {p.pk: str(p) for p in Place.objects.filter(pk__in=ids).select_related("country")}
    return [f"{places[a]} – {places[b]}" for a, b in pairs]


def _twinnings_sync(source: DirectorySource, pairs: set[tuple[int, int]]) -> Written:
    existing = _twinning_ids()
    new = pairs - existing.keys()
    Twinning.objects.bulk_create(
        (Twinning(place_a_id=a, place_b_id=b) for a, b in sorted(new)),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    ids = _twinning_ids() if new else existing
    wanted = {ids[pair] for pair in pairs}
    links = Twinning.sources.through
    linked = set(links.objects.filter(directorysource=source).values_list("twinning_id", flat=True))
    links.objects.bulk_create(
        (links(twinning_id=i, directorysource=source) for i in sorted(wanted - linked)),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    gone = sorted(linked - wanted)
    for batch in _batches(gone):
        links.objects.filter(directorysource=source, twinning_id__in=batch).delete()
        Twinning.objects.filter(pk__in=batch, sources=None).delete()
    return Written(created=len(new), already=len(pairs) - len(new), removed=len(gone))


def _twinning_ids() -> dict[tuple[int, int], int]:
    rows = Twinning.objects.values_list("place_a_id", "place_b_id", "pk")
    return {(a, b): pk for a, b, pk in rows.iterator(chunk_size=5000)}


def _unresolved_sync(source: DirectorySource, settled: Settled) -> None:
    """The source's unresolved names become the import's, rows left alone where nothing changed."""
    wanted = {
        (
            city,
            country,
            _name_outcome(settled.outcomes[(city, country)]),
            rows,
            _count(settled, (city, country)),
        )
        for (city, country), rows in settled.unresolved.items()
    }
    fields = ("city", "country", "outcome", "rows", "candidates")
    stored = {
        values[1:]: values[0] for values in source.unresolved_names.values_list("pk", *fields)
    }
    stale = sorted(pk for values, pk in stored.items() if values not in wanted)
    for batch in _batches(stale):
        UnresolvedName.objects.filter(pk__in=batch).delete()
    UnresolvedName.objects.bulk_create(
        (
            UnresolvedName(source=source, **dict(zip(fields, values, strict=True)))
            for values in sorted(wanted - stored.keys())
        ),
        batch_size=BATCH,
    )


def _name_outcome(match: Match) -> str:
    return {
        Outcome.AMBIGUOUS: NameOutcome.AMBIGUOUS,
        Outcome.UNKNOWN: NameOutcome.UNKNOWN,
        Outcome.UNKNOWN_COUNTRY: NameOutcome.UNKNOWN_COUNTRY,
        Outcome.UNKNOWN_REGION: NameOutcome.UNKNOWN_REGION,
        Outcome.OUTSIDE_REGION: NameOutcome.OUTSIDE_REGION,
    }[match.outcome]


def _count(settled: Settled, name: tuple[str, str]) -> int:
    return len(settled.outcomes[name].candidates)


UNMATCHED = (
    NameOutcome.UNKNOWN,
    NameOutcome.UNKNOWN_COUNTRY,
    NameOutcome.UNKNOWN_REGION,
    NameOutcome.OUTSIDE_REGION,
)


def _report(
    table: Table, parsed: Parsed, settled: Settled, countries: CountryResolver, written: Written
) -> dict[str, Any]:
    names = Counter(_name_outcome(settled.outcomes[name]) for name in settled.unresolved)
    rows_by: Counter[str] = Counter()
    for name, rows in settled.unresolved.items():
        rows_by[_name_outcome(settled.outcomes[name])] += rows
    return {
        "rows_in": len(table.rows),
        "rows_invalid": len(parsed.invalid),
        "invalid": parsed.invalid[:INVALID_LISTED],
        "self_loops": settled.self_loops,
        "duplicates_merged": settled.duplicates,
        "rows_matched": settled.rows_matched,
        "pairs_matched": len(settled.pairs),
        "rows_unresolved": settled.rows_unresolved,
        "names_by_coordinates": len(settled.by_coordinates),
        "names_largest_of": len(settled.largest_of),
        "names_ambiguous": names[NameOutcome.AMBIGUOUS],
        "rows_ambiguous": rows_by[NameOutcome.AMBIGUOUS],
        "names_unmatched": sum(names[o] for o in UNMATCHED),
        "rows_unmatched": sum(rows_by[o] for o in UNMATCHED),
        "names_outside_region": names[NameOutcome.OUTSIDE_REGION],
        "names_unknown_region": names[NameOutcome.UNKNOWN_REGION],
        "countries_from_city": parsed.countries_from_city,
        **country_figures(parsed.rows, countries),
        "cities_normalised": city_figures(settled),
        "matching": MATCHING_VERSION,
        "twinnings_created": written.created,
        "twinnings_already": written.already,
        "twinnings_removed": written.removed,
    }


def report_lines(report: dict[str, Any]) -> list[str]:
    """The report as the command prints it."""
    lines = [
        f"Rows in: {report['rows_in']:,}",
        f"Rows empty or invalid: {report['rows_invalid']:,}",
        *(
            f"  row {item['row']}: {item['field'] or '-'} {item['value']!r} ({item['reason']})"
            for item in report["invalid"][:10]
        ),
        f"Self-loops dropped: {report['self_loops']:,}",
        f"Duplicate rows merged: {report['duplicates_merged']:,}",
        f"Rows matched: {report['rows_matched']:,} ({report['pairs_matched']:,} pairs); "
        f"names settled by coordinates: {report['names_by_coordinates']:,}, "
        f"as the far largest of their name: {report['names_largest_of']:,}",
        f"Rows left out, a name unsettled: {report['rows_unresolved']:,}",
        f"Names ambiguous: {report['names_ambiguous']:,} ({report['rows_ambiguous']:,} rows)",
        f"Names unmatched: {report['names_unmatched']:,} ({report['rows_unmatched']:,} rows)",
        "Countries normalised: "
        + (
            ", ".join(
                f"{c['written']} -> {c['name']}{_how(c)} ({c['rows']})"
                for c in report["countries_normalised"]
            )
            or "none"
        ),
        "Cities read with the region after their comma: "
        + (
            ", ".join(
                f"{c['written']} -> {c['read_as']} ({c['rows']})"
                for c in report.get("cities_normalised", [])
                if c["how"] == Read.REGION
            )
            or "none"
        ),
        "Cities whose text after the comma is no region, read past: "
        + (
            ", ".join(
                f"{c['written']} ({c['rows']})"
                for c in report.get("cities_normalised", [])
                if c["how"] == "read_past"
            )
            or "none"
        ),
        "Countries not recognised: "
        + (
            ", ".join(f"{c['written']} ({c['rows']})" for c in report["countries_unknown"])
            or "none"
        ),
        f"Twinnings created: {report['twinnings_created']:,}, already there: "
        f"{report['twinnings_already']:,}, removed: {report['twinnings_removed']:,}",
    ]
    return lines


def _how(normalised: dict[str, Any]) -> str:
    """How a country spelling was read, when not by a known other name."""
    return {Read.TYPO: " (typo)", Read.REGION: " (region)"}.get(normalised.get("how", ""), "")


def _batches(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
