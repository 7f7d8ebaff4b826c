"""Places: the partners' places abroad, and the synthetic authorities' seats at home.

Real gazetteer places when the gazetteer is loaded (abroad, a city of a million ten times as
likely as one of 10,000; seats Turkish places by population, leaving out the seats of real
authorities); else made-up places in made-up countries, created once and reused.
"""

import math
import random
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from bench.synth.writer import BATCH_SIZE
from twintowns.authorities.models import Authority
from twintowns.lib.text import fold
from twintowns.places.models import Continent, Country, Place, PlaceName

HOME_COUNTRY = "TR"
SYLLABLES = "ka ra vel mo dor na lis te bor zan mi ro sa ten gra lu vik ber fen hal yor"


class PlaceRow(NamedTuple):
    pk: int
    name: str
    population: int


@dataclass(frozen=True)
class Pool:
    """Places to draw partners from, a city's chance growing with the root of its population."""

    places: list[PlaceRow]
    real: bool
    cum_weights: list[float] = field(init=False)

    def __post_init__(self) -> None:
        weights = (math.sqrt(max(p.population, 1_000)) for p in self.places)
        object.__setattr__(self, "cum_weights", list(accumulate(weights)))

    def draw(self, rng: random.Random, k: int, *, seat: int | None) -> list[PlaceRow]:
        """`k` different places, never `seat`."""
        if k > len(self.places) - 1:
            raise ValueError(f"{k} partners wanted from {len(self.places)} places")
        indexes = range(len(self.places))
        chosen: dict[int, None] = {}  # ordered: the same seed draws them in the same order
        while len(chosen) < k:
            for i in rng.choices(indexes, cum_weights=self.cum_weights, k=k - len(chosen)):
                if self.places[i].pk != seat and len(chosen) < k:
                    chosen[i] = None
        return [self.places[i] for i in chosen]


MADE_UP_HOME = "AA"  # ISO 3166's user-assigned codes: they never clash with a real country
MADE_UP_ABROAD = [f"Q{letter}" for letter in "MNOPRSTUVWXYZ"]


def partner_pool(largest: int) -> Pool:
    """Real places abroad when the gazetteer holds enough, else made-up places."""
    needed = 3 * largest + 20
    real = Place.objects.filter(geonameid__isnull=False).exclude(country_id=HOME_COUNTRY)
    if real.count() >= needed:
        rows = real.order_by("geonameid").values_list("pk", "name", "population")
        return Pool([PlaceRow(*row) for row in rows], real=True)
    return Pool(_made_up_places(MADE_UP_ABROAD, needed, "abroad"), real=False)


def seats(count: int) -> list[PlaceRow]:
    """Turkish places by population, less the seats of real authorities; made-up ones after."""
    taken = Authority.objects.filter(synthetic=False, place__isnull=False).values("place")
    turkish = (
        Place.objects.filter(geonameid__isnull=False, country_id=HOME_COUNTRY)
        .exclude(pk__in=taken)
        .order_by("-population", "geonameid")
        .values_list("pk", "name", "population")[:count]
    )
    seats = [PlaceRow(*row) for row in turkish]
    if len(seats) < count:
        seats += _made_up_places([MADE_UP_HOME], count - len(seats), "home")
    return seats


def _made_up_places(codes: list[str], count: int, label: str) -> list[PlaceRow]:
    """The first `count` made-up places in these countries, created when missing."""
    _made_up_countries()
    existing = Place.objects.filter(geonameid__isnull=True, country_id__in=codes).order_by("pk")
    have = existing.count()
    if have < count:
        places = Place.objects.bulk_create(
            [_made_up_place(codes, i, label) for i in range(have, count)], batch_size=BATCH_SIZE
        )
        # Searchable by name; one word each, so no word tails (PlaceNameTail) to add.
        names = [PlaceName(place=p, folded=fold(p.name)) for p in places]
        PlaceName.objects.bulk_create(names, batch_size=BATCH_SIZE)
    rows = existing.values_list("pk", "name", "population")[:count]
    return [PlaceRow(*row) for row in rows]


def _made_up_place(codes: list[str], i: int, label: str) -> Place:
    rng = random.Random(f"{label}-{i}")  # the same place whatever the seed
    name = "".join(rng.choice(SYLLABLES.split()) for _ in range(rng.choice([2, 3, 3]))).capitalize()
    return Place(
        name=name,
        country_id=codes[i % len(codes)],
        latitude=rng.uniform(-45, 65),
        longitude=rng.uniform(-170, 170),
        population=int(rng.lognormvariate(10.5, 1.3)),
    )


def _made_up_countries() -> None:
    continents = [c for c, _label in Continent.choices if c != Continent.ANTARCTICA]
    countries: list[tuple[str, str, str, str]] = [
        (MADE_UP_HOME, "Synthetic home country", "Sentetik ana ülke", Continent.ASIA)
    ]
    countries += [
        (code, f"Synthetic country {code}", f"Sentetik ülke {code}", continents[i % 6])
        for i, code in enumerate(MADE_UP_ABROAD)
    ]
    Country.objects.bulk_create(
        [Country(code=c, name=n, name_tr=tr, continent=cont) for c, n, tr, cont in countries],
        ignore_conflicts=True,
    )
