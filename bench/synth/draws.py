"""Random draws the makers share: values with fixed weights, and days between two dates."""

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate

from twintowns.lib.dates import Precision


class Weighted[T]:
    """Values drawn with fixed weights (the cumulative weights are computed once)."""

    def __init__(self, weights: dict[T, float]) -> None:
        self.values = list(weights)
        self.cum_weights = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]


# How well a date is known, for a signing and for an activity.
PRECISIONS = Weighted({Precision.DAY: 8, Precision.MONTH: 1, Precision.YEAR: 1})


def recent(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between the two, more likely the later (activity grew over the years)."""
    days = (last - first).days
    return first + dt.timedelta(days=int(days * max(rng.random(), rng.random())))


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max((last - first).days, 0) + 1))
