"""What the makers share: each authority being written (its draft), and the run's context."""

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from bench.synth.places import PlaceRow, Pool
from bench.synth.sizes import Sizes

SOURCES = "Synthetic data made by `twintowns synth` to measure speed at scale: not a record."


class Partner(NamedTuple):
    pk: int
    name: str
    place: int
    first: dt.date  # when its activities may start and end
    last: dt.date
    themes: tuple[int, ...]


@dataclass
class Draft:
    """One authority being written: its sizes, its own random stream, what it has so far."""

    pk: int
    sizes: Sizes
    seat: PlaceRow
    rng: random.Random
    partners: list[Partner] = field(default_factory=list)
    partner_weights: list[float] = field(default_factory=list)  # cumulative: busy or quiet
    organizations: list[tuple[int, str]] = field(default_factory=list)

    def partner(self, rng: random.Random) -> Partner:
        """One of its partners, the busy ones more often."""
        weights = self.partner_weights
        return self.partners[bisect(weights, rng.random() * weights[-1])]


@dataclass(frozen=True)
class Context:
    today: dt.date
    pool: Pool
    themes: list[int]
    topics: dict[int, str]  # theme id -> its name as a title says it
    culture: int  # the culture theme's id
    seed: int
