"""Reads of the directory: exploring it (a place's twins and their twins, the twinnings as a
table, network-wide figures), and partner suggestions for an authority with what they draw on.

Counted in the database (grouped counts); Python only merges the two sides of a twinning, since
each pair is stored once with the smaller id first.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Unpack

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.directory.models import Twinning
from twintowns.directory.ranking.network import directory_key
from twintowns.directory.suggest import AuthorityContext, Filters, Suggestion, suggest
from twintowns.lib.charts import Chart, Row
from twintowns.lib.queries import count_of
from twintowns.lib.text import fold
from twintowns.networks.models import Membership
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Country, Place
from twintowns.places.selectors import place_ids_matching

TOP = 20
# Degree classes of the distribution chart: (lowest, highest or None for "and more").
DEGREE_CLASSES = [(1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 50), (51, None)]


def _twinned_with(place_id: int) -> Q:
    # One IN over a UNION: PostgreSQL answers "IN a OR IN b" by scanning every place.
    sides = Twinning.objects.filter(place_a=place_id).values("place_b")
    return Q(pk__in=sides.union(Twinning.objects.filter(place_b=place_id).values("place_a")))


def _with_degree(places: QuerySet[Place]) -> QuerySet[Place]:
    """Each place with `degree`, its number of twinnings in the directory."""
    return (
        places.annotate(
            degree=count_of(Twinning.objects.filter(place_a=OuterRef("pk")))
            + count_of(Twinning.objects.filter(place_b=OuterRef("pk")))
        )
        .select_related("country")
        .order_by("-degree", "name")
    )


def twins_of(place: Place) -> list[Place]:
    """The place's twins, most twinned first, each with `degree`; one query."""
    return list(_with_degree(Place.objects.filter(_twinned_with(place.pk))))


@dataclass(frozen=True)
class Reach:
    place: Place
    paths: int  # through how many of the place's twins


def twins_of_twins(place: Place, twins: list[Place], limit: int = TOP) -> list[Reach]:
    """Places two steps away (not the place, not its twins), by how many twins lead there."""
    twin_ids = [t.pk for t in twins]
    counts: Counter[int] = Counter()
    for mine, other in (("place_a", "place_b"), ("place_b", "place_a")):
        rows = (
            Twinning.objects.filter(**{f"{mine}__in": twin_ids})
            .values_list(other)
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts.update(dict(rows))
    for known in [place.pk, *twin_ids]:
        counts.pop(known, None)
    top = _most(counts, limit * 3)
    places = Place.objects.select_related("country").in_bulk([pk for pk, _n in top])
    reach = [Reach(places[pk], n) for pk, n in top]
    return sorted(reach, key=lambda r: (-r.paths, r.place.name))[:limit]


def by_country(twins: list[Place]) -> list[tuple[Country, int]]:
    counts = Counter(t.country for t in twins)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].localized_name))


def places_in_directory(query: str, limit: int = TOP) -> list[Place]:
    """Places whose name starts so and that have a twinning, most twinned first."""
    twinned = Twinning.objects.values("place_a").union(Twinning.objects.values("place_b"))
    matching = Place.objects.filter(pk__in=place_ids_matching(query)).filter(pk__in=twinned)
    return list(_with_degree(matching)[:limit])


def twinnings(query: str = "", country: str = "") -> QuerySet[Twinning]:
    """The directory's twinnings in the order they were recorded, either side matching the
    place name (`query`, a prefix of any of its names) and the country (an ISO code)."""
    rows = Twinning.objects.order_by("pk")
    if query:
        ids = place_ids_matching(query)
        rows = rows.filter(Q(place_a__in=ids) | Q(place_b__in=ids))
    if country:
        # Through the places of the country, not the joined rows: an OR across two joins made
        # PostgreSQL join every twinning to its places first (330 ms against 10).
        there = Place.objects.filter(country=country).values("pk")
        rows = rows.filter(Q(place_a__in=there) | Q(place_b__in=there))
    return rows


def twinnings_page(rows: QuerySet[Twinning], per_page: int, number: str | None) -> Page[Twinning]:
    """A page of `rows` with their places and countries, and each one's `source_names`.

    The page's ids are found first and the 100 rows read by id after: a deep page then skips
    ids in the index rather than joining thousands of rows to their places only to drop them.
    The sources' names come as plain pairs: a prefetch made a model and a related manager for
    each twinning and source (a fifth of the page's time).
    """
    page = Paginator(rows.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page)
    found = list(
        Twinning.objects.filter(pk__in=ids)
        .select_related("place_a__country", "place_b__country")
        .order_by("pk")
    )
    names: dict[int, list[str]] = {}
    pairs = Twinning.sources.through.objects.filter(twinning__in=ids)
    for twinning, name in pairs.order_by("directorysource__name").values_list(
        "twinning", "directorysource__name"
    ):
        names.setdefault(twinning, []).append(name)
    for row in found:
        row.source_names = names.get(row.pk, [])  # type: ignore[attr-defined]
    return Page(found, page.number, page.paginator)  # type: ignore[arg-type]


def orient(rows: Iterable[Twinning], query: str = "", country: str = "") -> None:
    """Give each twinning `places`, the pair with the place the reader looked for first."""
    prefix = fold(query)
    for row in rows:
        a, b = row.place_a, row.place_b
        b_first = (country and b.country_id == country and a.country_id != country) or (
            prefix and fold(b.name).startswith(prefix) and not fold(a.name).startswith(prefix)
        )
        row.places = (b, a) if b_first else (a, b)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Figures:
    twinnings: int
    places: int
    charts: list[Chart]


def network_figures() -> Figures:
    """The most twinned places, the country pairs and the degree distribution.

    Five queries over the whole directory, so kept in the cache under the directory's state
    (its size and last id, one cheap query): an import changes the key, nothing else writes.
    """
    count, last = directory_key()
    key = f"network-figures:{get_language()}:{count}:{last}"
    figures: Figures | None = cache.get(key)
    if figures is None:
        figures = _figures()
        cache.set(key, figures, timeout=None)
    return figures


def _figures() -> Figures:
    degrees = _degrees()
    return Figures(
        twinnings=sum(degrees.values()) // 2,
        places=len(degrees),
        charts=[_most_twinned(degrees), _country_pairs(), _distribution(degrees)],
    )


def figure(slug: str) -> Chart | None:
    return next((c for c in network_figures().charts if c.slug == slug), None)


def _most[K: (int, tuple[str, str])](counts: Counter[K], n: int) -> list[tuple[K, int]]:
    """The `n` largest counts; among equal counts the smallest keys, so that the cut and the
    order do not depend on the order the database returned the rows in."""
    return heapq.nsmallest(n, counts.items(), key=lambda item: (-item[1], item[0]))


def _degrees() -> Counter[int]:
    degrees: Counter[int] = Counter()
    for side in ("place_a", "place_b"):
        degrees.update(dict(Twinning.objects.values_list(side).annotate(n=Count("pk")).order_by()))
    return degrees


def _most_twinned(degrees: Counter[int]) -> Chart:
    top = _most(degrees, TOP)
    places = Place.objects.select_related("country").in_bulk([pk for pk, _n in top])
    top.sort(key=lambda item: (-item[1], places[item[0]].name))
    return Chart(
        slug="most-twinned",
        title=_("The most twinned places"),
        caption=_("Twinnings of each place in the directory."),
        row_header=_("Place"),
        columns=[_("Twinnings")],
        rows=[Row(str(places[pk]), [n]) for pk, n in top],
        style="horizontal",
        total=False,
    )


def _country_pairs() -> Chart:
    rows = (
        Twinning.objects.values_list("place_a__country", "place_b__country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pairs: Counter[tuple[str, str]] = Counter()
    for first, second, n in rows:
        pairs[(min(first, second), max(first, second))] += n
    top = _most(pairs, TOP)
    names = Country.objects.in_bulk({code for pair, _n in top for code in pair})
    return Chart(
        slug="country-pairs",
        title=_("Country pairs with the most twinnings"),
        caption=_("Both directions counted together; a pair within one country counts too."),
        row_header=_("Countries"),
        columns=[_("Twinnings")],
        rows=[
            Row(f"{names[a].localized_name} – {names[b].localized_name}", [n]) for (a, b), n in top
        ],
        style="horizontal",
        total=False,
    )


def _distribution(degrees: Counter[int]) -> Chart:
    per_degree = Counter(degrees.values())
    rows = []
    for low, high in DEGREE_CLASSES:
        label = str(low) if low == high else f"{low}–{high}" if high else f"{low}+"
        count = sum(n for d, n in per_degree.items() if d >= low and (high is None or d <= high))
        rows.append(Row(label, [count]))
    return Chart(
        slug="degree-distribution",
        title=_("How many twins places have"),
        caption=_("Most places have one twin in the directory; a few have dozens."),
        row_header=_("Twins"),
        columns=[_("Places")],
        rows=rows,
        style="stacked",
        total=False,
    )


def authority_context(authority: Authority) -> AuthorityContext:
    """What suggestions for `authority` exclude and add: four queries."""
    partner_ids = frozenset(
        Partnership.objects.for_authority(authority).values_list("partner_id", flat=True)
    )
    return AuthorityContext(
        partner_ids=partner_ids,
        organizations=_organization_peers(authority),
        themes=_theme_peers(authority, partner_ids),
    )


def _organization_peers(authority: Authority) -> dict[int, list[str]]:
    """Seats of other authorities that belong to an organization ours belongs to.

    Each authority records organizations itself, so they are matched by folded name or acronym.
    """
    ours: dict[str, str] = {}
    rows = Membership.objects.filter(authority=authority).values_list(
        "organization__name", "organization__acronym"
    )
    for name, acronym in rows:
        label = acronym or name
        ours[fold(name)] = label
        if acronym:
            ours[fold(acronym)] = label
    if not ours:
        return {}
    peers: dict[int, set[str]] = defaultdict(set)
    others = (
        Membership.objects.exclude(authority=authority)
        .filter(authority__place__isnull=False)
        .values_list("authority__place_id", "organization__name", "organization__acronym")
    )
    for place_id, name, acronym in others:
        shared = ours.get(fold(name)) or (ours.get(fold(acronym)) if acronym else None)
        if shared:
            peers[place_id].add(shared)
    return {place_id: sorted(labels) for place_id, labels in peers.items()}


def _theme_peers(authority: Authority, partner_ids: frozenset[int]) -> dict[int, list[str]]:
    """Places other authorities partner with, or seat, on the themes of our partnerships."""
    # Two subqueries: joining both relations at once multiplies each theme's partnerships by
    # its activities (at national scale, hundreds of millions of rows).
    on_partnerships = Partnership.themes.through.objects.filter(partnership__authority=authority)
    on_activities = Activity.themes.through.objects.filter(activity__authority=authority)
    ours = Theme.objects.filter(
        Q(pk__in=on_partnerships.values("theme")) | Q(pk__in=on_activities.values("theme"))
    )
    names = {theme.pk: str(theme) for theme in ours}
    if not names:
        return {}
    rows = (
        Partnership.objects.exclude(authority=authority)
        .filter(themes__in=list(names))
        .values_list("partner_id", "authority__place_id", "themes")
    )
    peers: dict[int, set[str]] = defaultdict(set)
    for partner_id, seat_id, theme_id in rows:
        for place_id in (partner_id, seat_id):
            if place_id is not None and place_id not in partner_ids:
                peers[place_id].add(names[theme_id])
    return {place_id: sorted(labels) for place_id, labels in peers.items()}


def suggestions_for_authority(authority: Authority, **filters: Unpack[Filters]) -> list[Suggestion]:
    """Candidate partners for the authority's seat, best first (`suggest.suggest`'s filters).

    Empty when the authority has no seat recorded.
    """
    if authority.place is None:
        return []
    return suggest(authority.place, context=authority_context(authority), **filters)
