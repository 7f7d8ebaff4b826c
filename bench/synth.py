"""Synthetic data to measure speed at scale (`twintowns synth --scale metro|national`).

Made-up records, random but repeatable (a seed), in authorities of their own that are marked
`synthetic=True` and named so in both languages ("Bursa (synthetic)", "Bursa (sentetik)");
every partnership's sources say so too. They never touch the demo authority nor any
authority that is not synthetic. Written in bulk (COPY on PostgreSQL, one prepared INSERT run
many times on SQLite) in chunks of about 25,000 activities, all in one transaction, without
model instances or signals: so synthetic records have no audit history (no history rows) and
skip the services' checks. National scale takes one to three minutes on two cores, under
200 MB of memory.

Scales (the presets `METRO` and `NATIONAL`):

- metro: one authority, `synth-metro`: 300 partnerships, 20,000 activities, 2,000 contacts,
  30 memberships, each in an organization of its own.
- national: 1,400 authorities, `synth-0001` ... `synth-1400`, largest first: 30,000
  partnerships, 500,000 activities, 60,000 contacts (two per partnership, each authority's
  share in proportion to its partnerships) and 7,000 memberships (five per authority on
  average, from 30 down to 1) in organizations drawn from a catalogue of 300 international
  networks, the popular ones more often. Organizations are recorded per authority in this
  model, so each membership comes with its authority's own organization: 7,000 of them.

National sizes follow a Zipf-Mandelbrot law, size(rank) = 1 + c / (rank + q)², with q chosen
so that `synth-0001` is metro-sized (300 partnerships, 20,000 activities, 30 memberships) and c
so that the sizes sum exactly to the totals (`skewed_sizes`). The thirty largest (a country's
metropolitan municipalities) hold a quarter of the partnerships and half of the activities;
half of the authorities have 6 partnerships or fewer. `synth-0700` is the median authority
(6 partnerships, 25 activities, 12 contacts, 3 memberships); `LARGEST_SLUG` and `MEDIAN_SLUG`
name the largest and the median authority of each scale.

Places: partners are real gazetteer places when the gazetteer is loaded (abroad, a city of a
million ten times as likely as one of 10,000, never twice in one authority, never its seat);
seats are Turkish places by population (the most populous seat goes to `synth-0001`), leaving
out the seats of real authorities. Without the gazetteer (as in tests) both are made-up
places in made-up countries (ISO's user-assigned codes AA and QM-QZ), created once and reused.

`--replace` first deletes the scale's synthetic authorities and all their records, with plain
SQL deletes (again without history).
"""

import datetime as dt
import math
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, batched, pairwise
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.db.models import Q
from django.test.utils import override_settings

from twintowns.activities.models import Activity, Attachment, Direction, Kind
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.core.models import Theme
from twintowns.core.themes import THEMES, themes_ensure
from twintowns.lib.dates import Precision, truncate
from twintowns.lib.text import fold
from twintowns.networks.models import Membership, MembershipRole, Organization
from twintowns.partnerships.models import (
    AgreementDocument,
    Contact,
    LifecycleEvent,
    Partnership,
    Status,
)
from twintowns.partnerships.models import Kind as PartnershipKind
from twintowns.places.models import Continent, Country, Place, PlaceName


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
CHUNK_ACTIVITIES = 25_000  # written at a time: bounds the memory, whatever the scale
BATCH_SIZE = 2_000
HOME_COUNTRY = "TR"
SOURCES = "Synthetic data made by `twintowns synth` to measure speed at scale: not a record."


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


# -- What the records say ------------------------------------------------------------------


class _Weighted[T]:
    """Values drawn with fixed weights (the cumulative weights are computed once)."""

    def __init__(self, weights: dict[T, float]) -> None:
        self.values = list(weights)
        self.cum_weights = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]


PARTNERSHIP_KINDS = _Weighted(
    {
        PartnershipKind.SISTER_CITY: 45,
        PartnershipKind.PARTNER_CITY: 25,
        PartnershipKind.FRIENDSHIP: 15,
        PartnershipKind.COOPERATION: 15,
    }
)
STATUSES = _Weighted(
    {
        Status.ACTIVE: 58,
        Status.DORMANT: 16,
        Status.ENDED: 8,
        Status.SIGNED: 6,
        Status.APPROVED: 6,
        Status.PROPOSED: 6,
    }
)
# The steps each status was reached by, in order.
LIFECYCLES = {
    Status.PROPOSED: [Status.PROPOSED],
    Status.APPROVED: [Status.PROPOSED, Status.APPROVED],
    Status.SIGNED: [Status.PROPOSED, Status.APPROVED, Status.SIGNED],
    Status.ACTIVE: [Status.PROPOSED, Status.APPROVED, Status.SIGNED, Status.ACTIVE],
    Status.DORMANT: [Status.PROPOSED, Status.SIGNED, Status.ACTIVE, Status.DORMANT],
    Status.ENDED: [Status.PROPOSED, Status.SIGNED, Status.ACTIVE, Status.ENDED],
}
PRECISIONS = _Weighted({Precision.DAY: 8, Precision.MONTH: 1, Precision.YEAR: 1})
KINDS = _Weighted(
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
    Kind.SITE_VISIT: _Weighted({_IN: 5, _OUT: 4, _HERE: 1}),
    Kind.TECHNICAL_COOPERATION: _Weighted({_IN: 5, _OUT: 4, _THERE: 1}),
    Kind.MEETING: _Weighted({_IN: 3, _OUT: 3, _HERE: 2, _THERE: 2}),
    Kind.CULTURAL_EVENT: _Weighted({_HERE: 5, _THERE: 4, _IN: 1}),
    Kind.CULTURE_DAYS: _Weighted({_HERE: 1, _THERE: 1}),
    Kind.PROTOCOL_CEREMONY: _Weighted({_HERE: 3, _THERE: 3, _IN: 2, _OUT: 2}),
    Kind.CONFERENCE: _Weighted({_HERE: 6, _THERE: 4}),
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
FIRST_NAMES = "Anna Mehmet Ayşe Li Olena Carlos Fatima Jonas Maria Ahmed Sofia Dmitri Yuki Amina"
LAST_NAMES = "Yılmaz Kaya Schmidt Novak Kim Garcia Petrov Rossi Haddad Jensen Silva Chen Popescu"
POSITIONS = [
    "Mayor",
    "Deputy Mayor",
    "Head of International Relations",
    "International Relations Officer",
    "Protocol Officer",
    "Secretary General",
    "Head of Culture Department",
    "Project Coordinator",
]
ORGANISATIONS = ["Municipality of {partner}", "{partner} City Council", "Office of the Mayor"]
MEMBERSHIP_ROLES = _Weighted(
    {
        MembershipRole.MEMBER: 75,
        MembershipRole.BOARD: 15,
        MembershipRole.PRESIDIUM: 5,
        MembershipRole.OBSERVER: 5,
    }
)
NETWORK_REGIONS = "Black Sea|Mediterranean|Balkan|Silk Road|European|Asian|Turkic World|Caucasus"
NETWORK_TOPICS = "Historic|Green|Smart|Creative|Healthy|Youth|Resilient|Learning|Peace|Mobility"
NETWORK_FORMS = "Cities Network|Municipalities Union|Mayors Forum|Cities Association"
CATALOGUE_SIZE = 300
TOPICS = {code: name.lower() for code, name, _name_tr in THEMES}
SYLLABLES = "ka ra vel mo dor na lis te bor zan mi ro sa ten gra lu vik ber fen hal yor"


def _organization_catalogue() -> list[tuple[str, str]]:
    """A few hundred made-up international networks of cities: (name, acronym)."""
    names = [
        f"{region} {topic} {form}"
        for region in NETWORK_REGIONS.split("|")
        for topic in NETWORK_TOPICS.split("|")
        for form in NETWORK_FORMS.split("|")
    ]
    chosen = random.Random("organizations").sample(names, CATALOGUE_SIZE)
    return [(name, "".join(word[0] for word in name.split())) for name in chosen]


CATALOGUE = _organization_catalogue()


def _recent(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between the two, more likely the later (activity grew over the years)."""
    days = (last - first).days
    return first + dt.timedelta(days=int(days * max(rng.random(), rng.random())))


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


# -- Places --------------------------------------------------------------------------------


class _Place(NamedTuple):
    pk: int
    name: str
    population: int


@dataclass(frozen=True)
class _Pool:
    """Places to draw partners from, a city's chance growing with the root of its population."""

    places: list[_Place]
    real: bool
    cum_weights: list[float] = field(init=False)

    def __post_init__(self) -> None:
        weights = (math.sqrt(max(p.population, 1_000)) for p in self.places)
        object.__setattr__(self, "cum_weights", list(accumulate(weights)))

    def draw(self, rng: random.Random, k: int, *, seat: int | None) -> list[_Place]:
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


def _partner_pool(largest: int) -> _Pool:
    """Real places abroad when the gazetteer holds enough, else made-up places."""
    needed = 3 * largest + 20
    real = Place.objects.filter(geonameid__isnull=False).exclude(country_id=HOME_COUNTRY)
    if real.count() >= needed:
        rows = real.order_by("geonameid").values_list("pk", "name", "population")
        return _Pool([_Place(*row) for row in rows], real=True)
    return _Pool(_made_up_places(MADE_UP_ABROAD, needed, "abroad"), real=False)


def _seats(count: int) -> list[_Place]:
    """Turkish places by population, less the seats of real authorities; made-up ones after."""
    taken = Authority.objects.filter(synthetic=False, place__isnull=False).values("place")
    turkish = (
        Place.objects.filter(geonameid__isnull=False, country_id=HOME_COUNTRY)
        .exclude(pk__in=taken)
        .order_by("-population", "geonameid")
        .values_list("pk", "name", "population")[:count]
    )
    seats = [_Place(*row) for row in turkish]
    if len(seats) < count:
        seats += _made_up_places([MADE_UP_HOME], count - len(seats), "home")
    return seats


def _made_up_places(codes: list[str], count: int, label: str) -> list[_Place]:
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
    return [_Place(*row) for row in rows]


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


# -- Writing -------------------------------------------------------------------------------


class SynthRefused(ValueError):
    pass


@dataclass(frozen=True)
class SynthReport:
    scale: Scale
    authorities: int
    partnerships: int
    activities: int
    contacts: int
    memberships: int
    real_places: bool
    seconds: float

    def __str__(self) -> str:
        scale = self.scale
        places = "real gazetteer places" if self.real_places else "made-up places"
        authorities = (
            f"{self.authorities:,} synthetic authorities (largest {scale.largest_slug}, "
            f"median {scale.median_slug})"
            if self.authorities > 1
            else f"1 synthetic authority ({scale.largest_slug})"
        )
        return (
            f"{scale.name.capitalize()} scale: {authorities} with "
            f"{self.partnerships:,} partnerships, {self.activities:,} activities, "
            f"{self.contacts:,} contacts and {self.memberships:,} memberships, partners on "
            f"{places}, in {self.seconds:.1f} s. Synthetic records have no audit history."
        )


class _Partner(NamedTuple):
    pk: int
    name: str
    place: int
    first: dt.date  # when its activities may start and end
    last: dt.date
    themes: tuple[int, ...]


@dataclass
class _Draft:
    """One authority being written: its sizes, its own random stream, what it has so far."""

    pk: int
    sizes: Sizes
    seat: _Place
    rng: random.Random
    partners: list[_Partner] = field(default_factory=list)
    partner_weights: list[float] = field(default_factory=list)  # cumulative: busy or quiet
    organizations: list[tuple[int, str]] = field(default_factory=list)

    def partner(self, rng: random.Random) -> _Partner:
        """One of its partners, the busy ones more often."""
        weights = self.partner_weights
        return self.partners[bisect(weights, rng.random() * weights[-1])]


@dataclass(frozen=True)
class _Context:
    today: dt.date
    pool: _Pool
    themes: list[int]
    topics: dict[int, str]  # theme id -> its name as a title says it
    culture: int  # the culture theme's id
    seed: int


Row = dict[str, Any]  # a record's values by attribute name ("authority_id"), as inserted


def synth_create(
    *,
    scale: Scale,
    seed: int,
    today: dt.date,
    replace: bool = False,
    viewer: User | None = None,
    progress: Callable[[int], None] = lambda done: None,
    chunk: int = CHUNK_ACTIVITIES,
) -> SynthReport:
    """Create the scale's synthetic authorities and their records, without history.

    Refuses when they exist, unless `replace`, which deletes them first. `viewer` gets a
    viewer role in each. `progress` is called with the number of activities written so far;
    they are written `chunk` at a time (whole authorities), which bounds the memory.
    """
    started = time.perf_counter()
    with transaction.atomic():
        _refuse(scale, replace)
        synth_delete(scale)
        context = _context(scale, seed, today)
        drafts = _authorities(scale, context)
        if viewer is not None:  # to see them in the office pages
            role = Role.VIEWER
            roles = [StaffRole(user=viewer, authority_id=d.pk, role=role) for d in drafts]
            StaffRole.objects.bulk_create(roles, batch_size=BATCH_SIZE)
        done = 0
        for drafts_chunk in _chunks(drafts, chunk):
            _write_partnerships(drafts_chunk, context)
            _write_memberships(drafts_chunk, context)
            done += _write_activities(drafts_chunk, context)
            progress(done)
    return SynthReport(
        scale=scale,
        authorities=len(drafts),
        partnerships=sum(len(d.partners) for d in drafts),
        activities=done,
        contacts=scale.totals.contacts,
        memberships=sum(len(d.organizations) for d in drafts),
        real_places=context.pool.real,
        seconds=time.perf_counter() - started,
    )


def _refuse(scale: Scale, replace: bool) -> None:
    slugs = [scale.slug(rank) for rank in range(1, scale.authorities + 1)]
    real = Authority.objects.filter(slug__in=slugs, synthetic=False).first()
    if real is not None:
        raise SynthRefused(f"{real.slug} is a real authority, not synthetic: it is left alone.")
    if not replace and Authority.objects.filter(scale.lookup(), synthetic=True).exists():
        raise SynthRefused(
            f"The {scale.name} scale's synthetic authorities already exist "
            f"({scale.largest_slug}...): add --replace to delete them and make them again."
        )


@transaction.atomic
def synth_delete(scale: Scale) -> int:
    """Delete the scale's synthetic authorities and all their records, without history.

    The large tables go with plain SQL deletes (`_raw_delete`: no per-row signals, so no
    history rows and no loading of half a million rows); the authorities themselves, and
    whatever else points at them (roles, tokens...), go through Django's cascade.
    """
    synthetic = Authority.objects.filter(scale.lookup(), synthetic=True)
    ids = list(synthetic.values_list("pk", flat=True))
    if not ids:
        return 0
    activities = Activity.objects.filter(authority__in=ids).values("pk")
    partnerships = Partnership.objects.filter(authority__in=ids).values("pk")
    querysets: list[models.QuerySet[Any]] = [
        Activity.partnerships.through.objects.filter(activity__in=activities),
        Activity.themes.through.objects.filter(activity__in=activities),
        Attachment.objects.filter(activity__in=activities),
        Activity.objects.filter(authority__in=ids),
        Partnership.themes.through.objects.filter(partnership__in=partnerships),
        LifecycleEvent.objects.filter(partnership__in=partnerships),
        Contact.objects.filter(partnership__in=partnerships),
        AgreementDocument.objects.filter(partnership__in=partnerships),
        Partnership.objects.filter(authority__in=ids),
        Membership.objects.filter(authority__in=ids),
        Organization.objects.filter(authority__in=ids),
    ]
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # simple-history's documented switch
        Authority.objects.filter(pk__in=ids).delete()
    return len(ids)


def _context(scale: Scale, seed: int, today: dt.date) -> _Context:
    themes_ensure(Theme)
    themes = list(Theme.objects.filter(code__in=TOPICS).values_list("pk", "code"))
    return _Context(
        today=today,
        pool=_partner_pool(max(s.partnerships for s in scale.sizes())),
        themes=[pk for pk, _code in themes],
        topics={pk: TOPICS[code] for pk, code in themes},
        culture=next(pk for pk, code in themes if code == "culture"),
        seed=seed,
    )


def _authorities(scale: Scale, context: _Context) -> list[_Draft]:
    sizes = scale.sizes()
    seats = _seats(len(sizes))
    authorities = [
        Authority(
            slug=scale.slug(rank),
            name=f"{seat.name} (synthetic)",
            name_tr=f"{seat.name} (sentetik)",
            synthetic=True,
            place_id=seat.pk,
            population=seat.population or None,
            facts_year=context.today.year,
            sister_cities_stated=size.partnerships,
            office_name="Foreign Relations Department",
            office_name_tr="Dış İlişkiler Dairesi Başkanlığı",
            email=f"international@{scale.slug(rank)}.example.org",
            introduction=SOURCES,
        )
        for rank, (size, seat) in enumerate(zip(sizes, seats, strict=True), start=1)
    ]
    Authority.objects.bulk_create(authorities, batch_size=BATCH_SIZE)
    return [
        _Draft(a.pk, size, seat, random.Random(f"{context.seed}:{a.slug}"))
        for a, size, seat in zip(authorities, sizes, seats, strict=True)
    ]


def _chunks(drafts: list[_Draft], activities: int) -> Iterator[list[_Draft]]:
    """Whole authorities, as many as hold about that many activities."""
    chunk: list[_Draft] = []
    for draft in drafts:
        chunk.append(draft)
        if sum(d.sizes.activities for d in chunk) >= activities:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _give_ids(rows: list[Row], model: type[models.Model]) -> None:
    """New primary keys, so that rows go in with their ids and links need no reading back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sequence = "nextval(pg_get_serial_sequence(%s, 'id'))"
            cursor.execute(f"SELECT {sequence} FROM generate_series(1, %s)", [table, len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
        else:  # SQLite: the transaction holds the write lock (IMMEDIATE), so no one takes these
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            (last,) = cursor.fetchone()
            ids = list(range(last + 1, last + 1 + len(rows)))
    for row, pk in zip(rows, ids, strict=True):
        row["id"] = pk


def _insert(model: type[models.Model], rows: list[Row]) -> None:
    """Insert the rows, each field missing from them taking the model's default.

    Neither model instances nor bulk_create: at national scale, building instances and
    compiling every value of every row took longer than making the records. These models
    compute nothing on save (no auto_now), and the drivers adapt dates, decimals, booleans.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    if unknown := set(rows[0]) - {f.attname for f in fields}:
        raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    defaults = [(f.attname, f.get_default()) for f in fields]
    values = ([row.get(name, default) for name, default in defaults] for row in rows)
    _insert_values(model._meta.db_table, [str(f.column) for f in fields], values)


def _insert_values(table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows of values: COPY on PostgreSQL, a prepared INSERT run many times on SQLite."""
    quote = connection.ops.quote_name
    into = f"{quote(table)} ({', '.join(map(quote, columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # psycopg 3's COPY: ten times its executemany
            with cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {into} VALUES ({', '.join(['%s'] * len(columns))})"
        for batch in batched(rows, BATCH_SIZE):
            cursor.executemany(sql, batch)


# -- Partnerships, lifecycle, contacts -----------------------------------------------------


def _write_partnerships(chunk: list[_Draft], context: _Context) -> None:
    made = [
        (draft, *_partnership(draft, place, context))
        for draft in chunk
        for place in context.pool.draw(draft.rng, draft.sizes.partnerships, seat=draft.seat.pk)
    ]
    partnerships = [row for _draft, row, _steps, _partner in made]
    _give_ids(partnerships, Partnership)
    events, themes = [], []
    for draft, row, steps, partner in made:
        partner = partner._replace(pk=row["id"])
        events += [{"partnership_id": partner.pk, **step} for step in steps]
        themes += [(partner.pk, theme) for theme in partner.themes]
        draft.partners.append(partner)
    contacts = []
    for draft in chunk:
        weights = (draft.rng.lognormvariate(0, 1) for _ in draft.partners)
        draft.partner_weights = list(accumulate(weights))
        contacts += _contacts(draft)
    _insert(Partnership, partnerships)
    _insert(LifecycleEvent, events)
    links = Partnership.themes.through._meta.db_table
    _insert_values(links, ["partnership_id", "theme_id"], themes)
    _insert(Contact, contacts)


def _partnership(
    draft: _Draft, place: _Place, context: _Context
) -> tuple[Row, list[Row], _Partner]:
    """A partnership, its lifecycle steps, and what its activities need to know of it."""
    rng, today = draft.rng, context.today
    status = STATUSES.pick(rng)
    steps = _lifecycle(rng, status, today)
    dates: dict[str, dt.date | None] = {step["status"]: step["date"] for step in steps}
    signed, approved = dates.get(Status.SIGNED), dates.get(Status.APPROVED)
    precision = PRECISIONS.pick(rng) if signed else Precision.DAY
    council = approved if approved and rng.random() < 0.6 else None
    ministry = _between(rng, approved or signed, signed) if signed and rng.random() < 0.4 else None
    row = {
        "authority_id": draft.pk,
        "partner_id": place.pk,
        "kind": PARTNERSHIP_KINDS.pick(rng),
        "status": status,
        "signed_on": truncate(signed, precision) if signed else None,
        "signed_precision": precision,
        "council_decision_number": f"{council.year}/{rng.randint(1, 999)}" if council else "",
        "council_decision_date": council,
        "ministry_approval_number": str(rng.randint(10_000, 99_999)) if ministry else "",
        "ministry_approval_date": ministry,
        "sources": SOURCES,
    }
    themes = tuple(rng.sample(context.themes, rng.choice([1, 1, 2, 2, 3])))
    first, last = _window(steps, today)
    return row, steps, _Partner(0, place.name, place.pk, first, last, themes)


def _lifecycle(rng: random.Random, status: Status, today: dt.date) -> list[Row]:
    """The dated steps that led to `status`: proposal, approval, signing, then what followed."""
    if status in (Status.PROPOSED, Status.APPROVED):
        day = _between(rng, today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=30))
    else:
        day = _recent(rng, dt.date(1965, 1, 1), today - dt.timedelta(days=3 * 365))
    days: list[tuple[Status, dt.date]] = []
    for step in LIFECYCLES[status]:
        if days:
            gap = rng.randrange(365, 8 * 365) if step in (Status.DORMANT, Status.ENDED) else 0
            day = min(day + dt.timedelta(days=gap or rng.randrange(30, 400)), today)
        days.append((step, day))
    if status == Status.ACTIVE and rng.random() < 0.05:  # ended, then resumed
        ended = min(day + dt.timedelta(days=rng.randrange(365, 6 * 365)), today)
        days += [(Status.ENDED, ended), (Status.ACTIVE, _between(rng, ended, today))]
    undated = status not in (Status.PROPOSED, Status.APPROVED) and rng.random() < 0.04
    return [{"status": step, "date": None if undated else day} for step, day in days]


def _window(steps: list[Row], today: dt.date) -> tuple[dt.date, dt.date]:
    """When its activities fall: from a year before the proposal to the end, or a year ahead."""
    first = (steps[0]["date"] or dt.date(1990, 1, 1)) - dt.timedelta(days=365)
    status, date = steps[-1]["status"], steps[-1]["date"]
    if status == Status.DORMANT and date:
        last = date - dt.timedelta(days=365)  # quiet for a while before it was called dormant
    elif status == Status.ENDED and date:
        last = date
    else:
        last = today + dt.timedelta(days=365)  # some are planned
    return first, max(first, last)


def _contacts(draft: _Draft) -> list[Row]:
    rng, contacts = draft.rng, []
    first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split()
    for partner in (draft.partner(rng) for _ in range(draft.sizes.contacts)):
        first, last = rng.choice(first_names), rng.choice(last_names)
        domain = fold(partner.name).replace(" ", "-") or "city"
        contacts.append(
            {
                "partnership_id": partner.pk,
                "name": f"{first} {last}",
                "position": rng.choice(POSITIONS),
                "organisation": rng.choice(ORGANISATIONS).format(partner=partner.name),
                "email": f"{fold(first)}.{fold(last)}@{domain}.example.org",
                "phone": f"+{rng.randint(1, 998)} 555 {rng.randint(0, 9999):04}",
            }
        )
    return contacts


# -- Organizations and memberships ---------------------------------------------------------


def _write_memberships(chunk: list[_Draft], context: _Context) -> None:
    """Each authority's own organizations, the popular networks more often, one membership each."""
    organizations = [(draft, row) for draft in chunk for row in _organizations(draft)]
    _give_ids([row for _draft, row in organizations], Organization)
    memberships = []
    for draft, row in organizations:
        draft.organizations.append((row["id"], row["name"]))
        memberships.append(_membership(draft, row["id"], context.today))
    _insert(Organization, [row for _draft, row in organizations])
    _insert(Membership, memberships)


def _organizations(draft: _Draft) -> list[Row]:
    # Efraimidis-Spirakis: the k largest of u^(1/w) are a weighted sample without repeats.
    keys = [draft.rng.random() ** ((rank + 1) ** 0.8) for rank in range(len(CATALOGUE))]
    best = sorted(range(len(CATALOGUE)), key=keys.__getitem__)[-draft.sizes.memberships :]
    return [
        {"authority_id": draft.pk, "name": CATALOGUE[i][0], "acronym": CATALOGUE[i][1]}
        for i in sorted(best)
    ]


def _membership(draft: _Draft, organization: int, today: dt.date) -> Row:
    rng = draft.rng
    since = rng.randint(1985, today.year)
    decided = dt.date(since, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.5 else None
    dues = rng.random() < 0.6
    return {
        "authority_id": draft.pk,
        "organization_id": organization,
        "role": MEMBERSHIP_ROLES.pick(rng),
        "since_year": since,
        "until_year": rng.randint(since, today.year) if rng.random() < 0.1 else None,
        "council_decision_number": f"{since}/{rng.randint(1, 999)}" if decided else "",
        "council_decision_date": decided,
        "annual_dues": Decimal(rng.randrange(500, 50_000, 50)) if dues else None,
        "dues_currency": rng.choice(["EUR", "EUR", "USD", "TRY"]) if dues else "",
    }


# -- Activities ----------------------------------------------------------------------------


class _Made(NamedTuple):
    row: Row
    partners: tuple[_Partner, ...]
    themes: tuple[int, ...]


def _write_activities(chunk: list[_Draft], context: _Context) -> int:
    """Write the chunk's activities with their partners and themes; return how many."""
    per_draft = [[_activity(d, context) for _ in range(d.sizes.activities)] for d in chunk]
    made = [m for mine in per_draft for m in mine]
    _give_ids([m.row for m in made], Activity)
    for draft, mine in zip(chunk, per_draft, strict=True):
        for first, answer in _culture_day_pairs(draft.rng, mine):
            first["reciprocal_id"] = answer["id"]
    _insert(Activity, [m.row for m in made])
    partners, themes = Activity.partnerships.through._meta, Activity.themes.through._meta
    links = ((m.row["id"], p.pk) for m in made for p in m.partners)
    _insert_values(partners.db_table, ["activity_id", "partnership_id"], links)
    chosen = ((m.row["id"], theme) for m in made for theme in m.themes)
    _insert_values(themes.db_table, ["activity_id", "theme_id"], chosen)
    return len(made)


def _activity(draft: _Draft, context: _Context) -> _Made:
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
    rng: random.Random, kind: str, partners: tuple[_Partner, ...], today: dt.date
) -> tuple[dt.date | None, dt.date | None, str]:
    """Start, end and precision: some undated, some known to the month or year, some planned."""
    if rng.random() < 0.05:
        return None, None, Precision.DAY
    if partners:
        first, last = partners[0].first, partners[0].last
    else:
        first, last = dt.date(1990, 1, 1), today + dt.timedelta(days=365)
    day = _recent(rng, first, last)
    precision = PRECISIONS.pick(rng) if day <= today else Precision.DAY
    if precision != Precision.DAY:
        return truncate(day, precision), None, precision
    extra = rng.randint(*LENGTHS.get(kind, (0, 4)))  # days after the first
    return day, day + dt.timedelta(days=extra) if extra else None, precision


def _themes(
    rng: random.Random, kind: str, partners: tuple[_Partner, ...], context: _Context
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


def _search_text(row: Row, place: str, partners: tuple[_Partner, ...]) -> str:
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
