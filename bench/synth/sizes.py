"""The scales, and each synthetic authority's sizes on a Zipf-Mandelbrot curve."""

import math
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Sizes:
    partnerships: int
    activities: int
    contacts: int
    memberships: int


@dataclass(frozen=True)
class Scale:
    """How many authorities, the totals across them, and the largest authority's sizes."""

    name: str
    authorities: int
    totals: Sizes
    largest: Sizes

    def slug(self, rank: int) -> str:
        return f"synth-{self.name}" if self.authorities == 1 else f"synth-{rank:04d}"

    @property
    def largest_slug(self) -> str:
        return self.slug(1)

    @property
    def median_slug(self) -> str:
        return self.slug((self.authorities + 1) // 2)

    def lookup(self) -> Q:
        """The slugs of this scale's authorities, whatever their number was when made."""
        if self.authorities == 1:
            return Q(slug=self.slug(1))
        return Q(slug__regex=r"^synth-[0-9]+$")

    def sizes(self) -> list[Sizes]:
        """Each authority's sizes, largest first, summing exactly to the totals."""
        partnerships = self._skewed("partnerships")
        contacts = apportion(self.totals.contacts, [float(p) for p in partnerships])
        columns = (partnerships, self._skewed("activities"), contacts, self._skewed("memberships"))
        return [Sizes(*row) for row in zip(*columns, strict=True)]

    def _skewed(self, what: str) -> list[int]:
        total, largest = getattr(self.totals, what), getattr(self.largest, what)
        return skewed_sizes(total=total, count=self.authorities, largest=largest)


_METRO_SIZES = Sizes(partnerships=300, activities=20_000, contacts=2_000, memberships=30)
METRO = Scale("metro", 1, _METRO_SIZES, _METRO_SIZES)
NATIONAL = Scale(
    "national",
    1_400,
    Sizes(partnerships=30_000, activities=500_000, contacts=60_000, memberships=7_000),
    _METRO_SIZES,
)
SCALES = {scale.name: scale for scale in (METRO, NATIONAL)}
LARGEST_SLUG = {name: scale.largest_slug for name, scale in SCALES.items()}
MEDIAN_SLUG = {name: scale.median_slug for name, scale in SCALES.items()}

ZIPF_EXPONENT = 2.0


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers (largest remainders first).

    Non-increasing weights give non-increasing shares: of two equal floors the larger weight
    has the larger remainder, and ties go to the earlier one.
    """
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def skewed_sizes(*, total: int, count: int, largest: int) -> list[int]:
    """`count` sizes of at least 1, largest first, summing to `total`, the first about `largest`.

    Zipf-Mandelbrot: 1 + c / (rank + q)^2, q found by bisection so that the first is `largest`.
    """
    if not 1 <= count <= total:
        raise ValueError(f"{total} cannot be shared by {count} with at least one each")
    spare = total - count
    if count == 1 or spare == 0:
        return [total] + [1] * (count - 1) if count == 1 else [1] * count
    target = (largest - 1) / spare  # the first's share of what is above one each
    low, high = 0.0, 1e7  # a larger q flattens the head: the first's share falls
    for _ in range(100):
        q = (low + high) / 2
        weights = [(rank + q) ** -ZIPF_EXPONENT for rank in range(1, count + 1)]
        low, high = (q, high) if weights[0] / sum(weights) > target else (low, q)
    return [1 + share for share in apportion(spare, weights)]
