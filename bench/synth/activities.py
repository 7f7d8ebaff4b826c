"""Activities: visits, meetings, events and conferences, with their partners and themes, some
undated or known only to the month or year, some planned; culture days paired here and there."""

import datetime as dt
import random
from itertools import pairwise
from typing import Any, NamedTuple

from bench.synth.drafts import Context, Draft, Partner
from bench.synth.draws import PRECISIONS, Weighted, recent
from bench.synth.writer import Row, give_ids, insert, insert_values
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.lib.dates import Precision, truncate
from twintowns.lib.text import fold

KINDS = Weighted(
    {
        Kind.SITE_VISIT: 4,
        Kind.TECHNICAL_COOPERATION: 3,
        Kind.MEETING: 2,
        Kind.CULTURAL_EVENT: 2,
        Kind.CULTURE_DAYS: 1,
        Kind.PROTOCOL_CEREMONY: 1,
        Kind.CONFERENCE: 1,
    }
)
_IN, _OUT = Direction.INCOMING, Direction.OUTGOING
_HERE, _THERE = Direction.HOSTED, Direction.ABROAD
DIRECTIONS = {
    Kind.SITE_VISIT: Weighted({_IN: 5, _OUT: 4, _HERE: 1}),
    Kind.TECHNICAL_COOPERATION: Weighted({_IN: 5, _OUT: 4, _THERE: 1}),
    Kind.MEETING: Weighted({_IN: 3, _OUT: 3, _HERE: 2, _THERE: 2}),
    Kind.CULTURAL_EVENT: Weighted({_HERE: 5, _THERE: 4, _IN: 1}),
    Kind.CULTURE_DAYS: Weighted({_HERE: 1, _THERE: 1}),
    Kind.PROTOCOL_CEREMONY: Weighted({_HERE: 3, _THERE: 3, _IN: 2, _OUT: 2}),
    Kind.CONFERENCE: Weighted({_HERE: 6, _THERE: 4}),
}
# Titles by kind: (held here, held there); {partner} is the partner city or a region.
TITLES = {
    Kind.SITE_VISIT: (
        "Site visit of the {partner} delegation to {topic} projects",
        "Site visit to {partner}: {topic}",
    ),
    Kind.TECHNICAL_COOPERATION: (
        "{partner} delegation technical visit",
        "Technical visit to {partner} on {topic}",
    ),
    Kind.MEETING: ("Meeting with {partner} on {topic}", "Meeting in {partner} on {topic}"),
    Kind.CULTURAL_EVENT: ("{partner} {event} in {seat}", "{seat} {event} in {partner}"),
    Kind.CULTURE_DAYS: ("{partner} Days in {seat}", "{seat} Days in {partner}"),
    Kind.PROTOCOL_CEREMONY: (
        "Protocol ceremony with {partner} in {seat}",
        "Sister city protocol ceremony, {partner}",
    ),
    Kind.CONFERENCE: ("{nth} {Topic} Conference in {seat}", "{nth} {Topic} Conference, {partner}"),
}
ORGANIZATION_TITLES = [
    "General Assembly of {organization}",
    "{nth} Executive Committee Meeting of {organization}",
    "{organization} Working Group on {topic}",
]
REGIONS = ["Balkan", "Central Asia", "Caucasus", "Europe", "Gulf", "East Asia", "North Africa"]
EVENTS = ["concert", "exhibition", "film week", "photo exhibition", "folk dance show", "festival"]
LEADS = ["mayor", "deputy mayor", "secretary general", "head of foreign relations", "councillor"]
DESCRIPTIONS = [
    "A delegation of {n} people, led by the {lead}, met the departments in charge of {topic}.",
    "Programme agreed with the partner's international relations office; covered by the press.",
    "Follow-up of the action plan agreed with {partner}: site visits and working sessions.",
    "Open to the public; organised with the chamber of commerce, universities and NGOs.",
]
OUTCOMES = [
    "Agreed a joint project on {topic}.",
    "Signed a memorandum of understanding on {topic}.",
    "An exchange of experts is planned for next year.",
    "Shared good practice on {topic}; a return visit was proposed.",
    "A student and youth exchange was agreed.",
    "A joint application to an EU programme was prepared.",
]
LESSONS = [
    "Prepare the technical programme with the partner's departments well in advance.",
    "Interpreters who know the technical terms made the working sessions productive.",
    "Involving the universities brought contacts that lasted beyond the visit.",
    "Announcing it in the local press doubled the attendance.",
]


class _Made(NamedTuple):
    row: Row
    partners: tuple[Partner, ...]
    themes: tuple[int, ...]


def write_activities(chunk: list[Draft], context: Context) -> int:
    """Write the chunk's activities with their partners and themes; return how many."""
    per_draft = [[_activity(d, context) for _ in range(d.sizes.activities)] for d in chunk]
    made = [m for mine in per_draft for m in mine]
    give_ids([m.row for m in made], Activity)
    for draft, mine in zip(chunk, per_draft, strict=True):
        for first, answer in _culture_day_pairs(draft.rng, mine):
            first["reciprocal_id"] = answer["id"]
    insert(Activity, [m.row for m in made])
    partners, themes = Activity.partnerships.through._meta, Activity.themes.through._meta
    links = ((m.row["id"], p.pk) for m in made for p in m.partners)
    insert_values(partners.db_table, ["activity_id", "partnership_id"], links)
    chosen = ((m.row["id"], theme) for m in made for theme in m.themes)
    insert_values(themes.db_table, ["activity_id", "theme_id"], chosen)
    return len(made)


def _activity(draft: Draft, context: Context) -> _Made:
    rng, today, seat = draft.rng, context.today, draft.seat
    share = rng.random()
    count = 0 if share < 0.07 else 2 if share > 0.95 else 1
    partners = tuple(dict.fromkeys(draft.partner(rng) for _ in range(count)))
    kind = KINDS.pick(rng)
    direction = DIRECTIONS[kind].pick(rng)
    here = direction in (Direction.INCOMING, Direction.HOSTED) or not partners
    starts_on, ends_on, precision = _dates(rng, kind, partners, today)
    held = starts_on is None or starts_on <= today
    themes = _themes(rng, kind, partners, context)
    topic = context.topics[themes[0]] if themes else "cooperation"
    organization = None
    if kind == Kind.CONFERENCE and draft.organizations and rng.random() < 0.5:
        organization = rng.choice(draft.organizations)
        template = rng.choice(ORGANIZATION_TITLES)
    else:
        template = TITLES[kind][0 if here else 1]
    words = {
        "partner": partners[0].name if partners else rng.choice(REGIONS),
        "seat": seat.name,
        "topic": topic,
        "Topic": topic.capitalize(),
        "event": rng.choice(EVENTS),
        "nth": _nth(rng.randint(1, 12)),
        "organization": organization[1] if organization else "",
        "n": rng.randint(3, 25),
        "lead": rng.choice(LEADS),
    }
    row = {
        "authority_id": draft.pk,
        "kind": kind,
        "direction": direction,
        "title": template.format(**words),
        "description": rng.choice(DESCRIPTIONS).format(**words) if rng.random() < 0.3 else "",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "date_precision": precision,
        "place_id": seat.pk if here else partners[0].place,
        "organization_id": organization[0] if organization else None,
        "participants": _participants(rng, words) if kind != Kind.CONFERENCE else "",
        "outcomes": rng.choice(OUTCOMES).format(**words) if held and rng.random() < 0.4 else "",
    }
    if held and rng.random() < 0.3:
        row |= _figures(rng, kind)
    if row["outcomes"] and rng.random() < 0.05:
        row |= {"is_best_practice": True, "lessons_learned": rng.choice(LESSONS)}
    place = seat.name if here else partners[0].name
    row["search_text"] = _search_text(row, place, partners)
    return _Made(row, partners, themes)


LENGTHS: dict[str, tuple[int, int]] = {Kind.CULTURE_DAYS: (3, 7), Kind.CONFERENCE: (0, 2)}


def _dates(
    rng: random.Random, kind: str, partners: tuple[Partner, ...], today: dt.date
) -> tuple[dt.date | None, dt.date | None, str]:
    """Start, end and precision: some undated, some known to the month or year, some planned."""
    if rng.random() < 0.05:
        return None, None, Precision.DAY
    if partners:
        first, last = partners[0].first, partners[0].last
    else:
        first, last = dt.date(1990, 1, 1), today + dt.timedelta(days=365)
    day = recent(rng, first, last)
    precision = PRECISIONS.pick(rng) if day <= today else Precision.DAY
    if precision != Precision.DAY:
        return truncate(day, precision), None, precision
    extra = rng.randint(*LENGTHS.get(kind, (0, 4)))  # days after the first
    return day, day + dt.timedelta(days=extra) if extra else None, precision


def _themes(
    rng: random.Random, kind: str, partners: tuple[Partner, ...], context: Context
) -> tuple[int, ...]:
    """Culture for cultural events; else mostly the partnership's own themes."""
    if kind in (Kind.CULTURAL_EVENT, Kind.CULTURE_DAYS):
        return (context.culture,)
    preferred = partners[0].themes if partners and rng.random() < 0.7 else context.themes
    return tuple(rng.sample(preferred, min(rng.choice([0, 1, 1, 2, 3]), len(preferred))))


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _participants(rng: random.Random, words: dict[str, Any]) -> str:
    if rng.random() < 0.5:
        return ""
    return f"The {words['lead']} with {words['n']} experts and officials"


def _figures(rng: random.Random, kind: str) -> Row:
    """The impact register, as far as the office counted it."""
    people = int(rng.lognormvariate(3.5, 1.0)) + 2
    public = kind in (Kind.CULTURAL_EVENT, Kind.CULTURE_DAYS, Kind.CONFERENCE)
    signing = kind in (Kind.PROTOCOL_CEREMONY, Kind.MEETING, Kind.TECHNICAL_COOPERATION)
    return {
        "participants_count": people,
        "citizens_involved": people * rng.randint(2, 20) if public else None,
        "youth_involved": rng.randint(0, people) if rng.random() < 0.3 else None,
        "agreements_signed": rng.choice([0, 0, 1, 1, 2]) if signing else None,
        "projects_started": rng.choice([0, 0, 0, 1, 2]) if rng.random() < 0.5 else None,
        "media_items": rng.randint(0, 30),
    }


def _search_text(row: Row, place: str, partners: tuple[Partner, ...]) -> str:
    """What `activities.services` folds for the list's search, from the same parts."""
    parts = [row["title"], row["description"], row["outcomes"], row.get("lessons_learned", "")]
    return fold(" ".join([*parts, place, *(p.name for p in partners)]))


def _culture_day_pairs(rng: random.Random, made: list[_Made]) -> list[tuple[Row, Row]]:
    """About half of each partner's culture days, here and there in turn, as reciprocal pairs."""
    series: dict[int, list[Row]] = {}
    for m in made:
        if m.row["kind"] == Kind.CULTURE_DAYS and m.row["starts_on"] and m.partners:
            series.setdefault(m.partners[0].pk, []).append(m.row)
    pairs: list[tuple[Row, Row]] = []
    paired: set[int] = set()
    for days in series.values():
        days.sort(key=lambda row: (row["starts_on"], row["id"]))
        for first, answer in pairwise(days):
            if first["direction"] == answer["direction"] or {first["id"], answer["id"]} & paired:
                continue
            if rng.random() < 0.5:
                pairs.append((first, answer))
                paired |= {first["id"], answer["id"]}
    return pairs
