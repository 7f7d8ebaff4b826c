"""Synthetic data to measure the insight pages at scale: one authority, many partners and
activities, random but repeatable (a seed). Test data only: written with bulk_create, so it has
no history and skips the services' checks; never run it on an authority with real records."""

import datetime as dt
import random
import time
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db import transaction

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.core.themes import themes_ensure
from twintowns.lib.dates import Precision, truncate
from twintowns.lib.text import fold
from twintowns.partnerships.models import Kind as PartnershipKind
from twintowns.partnerships.models import LifecycleEvent, Partnership, Status
from twintowns.places.models import Continent, Country, Place, PlaceName

# ISO 3166's user-assigned codes: made-up countries can never clash with real ones.
MADE_UP_COUNTRIES = [f"Q{letter}" for letter in "MNOPRSTUVWXYZ"]
STATUSES = [Status.ACTIVE] * 14 + [Status.SIGNED, Status.DORMANT, Status.DORMANT, Status.ENDED]
KINDS = [Kind.SITE_VISIT] * 3 + [Kind.TECHNICAL_COOPERATION] * 2 + list(Kind)
FIRST_YEAR = 1990


@dataclass(frozen=True)
class SyntheticReport:
    authority: Authority
    partnerships: int
    activities: int
    real_places: int
    seconds: float


class AuthorityNotEmpty(ValueError):
    pass


@transaction.atomic
def synthetic_create(
    *, slug: str, partnerships: int, activities: int, seed: int, today: dt.date
) -> SyntheticReport:
    """Create (or fill an empty) authority `slug` with synthetic partners and activities."""
    started = time.perf_counter()
    rng = random.Random(seed)
    authority, _ = Authority.objects.get_or_create(
        slug=slug,
        defaults={"name": f"Synthetic authority ({slug})", "name_tr": f"Sentetik ({slug})"},
    )
    if authority.partnerships.exists() or authority.activities.exists():
        raise AuthorityNotEmpty(f"{slug} already has records: choose another --authority")
    themes_ensure(Theme)
    # Places drawn apart, so that the records are the same whatever the gazetteer holds.
    partner_ids, real = _partner_places(random.Random(f"places-{seed}"), partnerships)
    made = _partnerships(rng, authority, partner_ids, today)
    count = _activities(rng, authority, made, activities, today)
    return SyntheticReport(authority, len(made), count, real, time.perf_counter() - started)


def _partner_places(rng: random.Random, n: int) -> tuple[list[int], int]:
    """Ids of `n` places: real gazetteer places as far as they go, then made-up ones."""
    seats = Authority.objects.filter(place__isnull=False).values("place")
    real = list(
        Place.objects.filter(geonameid__isnull=False)  # made-up places have none
        .exclude(pk__in=seats)
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(real, min(n, len(real)))
    missing = n - len(chosen)
    if missing:
        countries = _countries()
        places = Place.objects.bulk_create(
            Place(
                name=f"Synthetic Town {i}",
                country=rng.choice(countries),
                latitude=rng.uniform(-50, 65),
                longitude=rng.uniform(-170, 170),
                population=rng.randrange(1_000, 5_000_000),
            )
            for i in range(1, missing + 1)
        )
        PlaceName.objects.bulk_create(PlaceName(place=p, folded=fold(p.name)) for p in places)
        chosen += [p.pk for p in places]
    return chosen, n - missing


def _countries() -> list[Country]:
    countries = list(Country.objects.all())
    if countries:
        return countries
    continents = [c for c, _label in Continent.choices if c != Continent.ANTARCTICA]
    return [
        Country.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Synthetic country {code}",
                "name_tr": f"Sentetik ülke {code}",
                "continent": continents[i % len(continents)],
            },
        )[0]
        for i, code in enumerate(MADE_UP_COUNTRIES)
    ]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _partnerships(
    rng: random.Random, authority: Authority, partner_ids: list[int], today: dt.date
) -> list[Partnership]:
    made = Partnership.objects.bulk_create(
        Partnership(
            authority=authority,
            partner_id=pk,
            kind=rng.choice(PartnershipKind.values),
            status=rng.choice(STATUSES),
            signed_on=_day(rng, dt.date(1970, 1, 1), today) if rng.random() < 0.6 else None,
        )
        for pk in partner_ids
    )
    events = []
    for p in made:
        events.append(LifecycleEvent(partnership=p, status=Status.ACTIVE, date=p.signed_on))
        if p.status == Status.ENDED:
            events.append(
                LifecycleEvent(
                    partnership=p, status=Status.ENDED, date=_day(rng, dt.date(2000, 1, 1), today)
                )
            )
        elif p.status == Status.ACTIVE and rng.random() < 0.05:  # ended, then resumed
            ended = _day(rng, dt.date(2000, 1, 1), dt.date(2015, 12, 31))
            events.append(LifecycleEvent(partnership=p, status=Status.ENDED, date=ended))
            resumed = _day(rng, ended, today)
            events.append(LifecycleEvent(partnership=p, status=Status.ACTIVE, date=resumed))
    LifecycleEvent.objects.bulk_create(events)
    return made


def _activities(
    rng: random.Random,
    authority: Authority,
    partnerships: list[Partnership],
    n: int,
    today: dt.date,
) -> int:
    made = Activity.objects.bulk_create(_activity(rng, authority, i, today) for i in range(n))
    links = Activity.partnerships.through
    themes = Activity.themes.through
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    partner_links, theme_links = [], []
    for activity in made:
        share = rng.random()
        count = 0 if share < 0.08 else 2 if share > 0.95 else 1
        for p in rng.sample(partnerships, count):
            partner_links.append(links(activity_id=activity.pk, partnership_id=p.pk))
        for theme in rng.sample(theme_ids, rng.choice([0, 1, 1, 2, 3])):
            theme_links.append(themes(activity_id=activity.pk, theme_id=theme))
    links.objects.bulk_create(partner_links)
    themes.objects.bulk_create(theme_links)
    _pair_culture_days(rng, made, partner_links)
    return len(made)


def _activity(rng: random.Random, authority: Authority, i: int, today: dt.date) -> Activity:
    kind = rng.choice(KINDS)
    directions = (
        [Direction.HOSTED, Direction.ABROAD] if kind == Kind.CULTURE_DAYS else list(Direction)
    )
    precision = rng.choices([Precision.DAY, Precision.MONTH, Precision.YEAR], [8, 1, 1])[0]
    last = today + dt.timedelta(days=365)  # some are planned
    starts_on = (
        truncate(_day(rng, dt.date(FIRST_YEAR, 1, 1), last), precision)
        if rng.random() > 0.08
        else None
    )
    title = f"Synthetic {kind.label} {i + 1}"
    return Activity(
        authority=authority,
        kind=kind,
        direction=rng.choice(directions),
        title=title,
        search_text=fold(title),
        starts_on=starts_on,
        date_precision=precision,
        outcomes="Synthetic outcome." if rng.random() < 0.4 else "",
    )


def _pair_culture_days(rng: random.Random, made: list[Activity], links: list[Any]) -> None:
    """Link about half of each partner's culture days as reciprocal pairs, here with there."""
    by_pk = {a.pk: a for a in made}
    days: dict[int, list[Activity]] = {}
    for link in links:
        activity = by_pk[link.activity_id]
        if activity.kind == Kind.CULTURE_DAYS and activity.starts_on:
            days.setdefault(link.partnership_id, []).append(activity)
    paired: set[int] = set()
    changed = []
    for series in days.values():
        series.sort(key=lambda a: a.starts_on or dt.date.min)
        for first, answer in pairwise(series):
            if first.direction == answer.direction or {first.pk, answer.pk} & paired:
                continue
            if rng.random() < 0.5:
                first.reciprocal = answer
                paired |= {first.pk, answer.pk}
                changed.append(first)
    Activity.objects.bulk_update(changed, ["reciprocal"])
