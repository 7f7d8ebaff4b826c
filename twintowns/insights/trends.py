"""Trends: the authority's activities per year and its partners by decade, continent and theme.

The same charts cover the whole installation when the scope is `None` (a union of municipalities
or a ministry), with two more: the totals per authority and the top partner countries.

Each chart is a `Chart`: the table of its numbers, which the page shows, the CSV repeats and
`charts.js` draws. Counted in the database (grouped counts); Python only lays out the groups.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    QuerySet,
    TextChoices,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.partnerships.models import Kind as PartnershipKind
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Continent


@dataclass(frozen=True)
class Row:
    label: str
    values: list[int]
    drawn: bool = True  # "date unknown" is counted in the table but has no place on a time axis

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    style: str = "stacked"  # "stacked" bars, "grouped" bars, or "horizontal" bars
    total: bool = True  # a Total column (in the table and CSV; not drawn)
    undrawn: tuple[int, ...] = ()  # columns in the table but not in the chart
    more: tuple[Row, ...] = ()  # rows past those shown, in the CSV only

    @property
    def columns_drawn(self) -> list[tuple[str, bool]]:
        return [(label, i not in self.undrawn) for i, label in enumerate(self.columns)]

    def csv_rows(self) -> list[list[object]]:
        header: list[object] = [
            self.row_header,
            *self.columns,
            *([_("Total")] if self.total else []),
        ]
        body = [
            [row.label, *row.values, *([row.total] if self.total else [])]
            for row in [*self.rows, *self.more]
        ]
        return [header, *body]


# The records counted: one authority's, or with `None` those of every authority of the installation.
Scope = Authority | None


def _within[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    return queryset if scope is None else queryset.filter(authority=scope)


def trends(scope: Scope) -> list[Chart]:
    """Every chart of the trends page, in seven queries."""
    activities = _activity_counts(scope)
    return [
        _per_year("activities-by-kind", _("Activities per year, by kind"), activities, Kind),
        _per_year(
            "activities-by-direction",
            _("Activities per year, by direction"),
            activities,
            Direction,
        ),
        _seed_series(activities),
        _per_decade(scope),
        _per_continent(scope),
        _per_theme(scope),
    ]


def chart(scope: Scope, slug: str) -> Chart | None:
    return next((c for c in trends(scope) if c.slug == slug), None)


Key = tuple[int | None, str, str]  # (year, kind, direction)


def _activity_counts(scope: Scope) -> Counter[Key]:
    rows = (
        _within(Activity.objects.all(), scope)
        .annotate(year=ExtractYear("starts_on"))
        .values_list("year", "kind", "direction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # PostgreSQL's EXTRACT answers a decimal: the year is made an int here, once.
    return Counter(
        {(int(year) if year is not None else None, kind, d): n for year, kind, d, n in rows}
    )


def _series(choices: type[TextChoices], seen: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) of each choice that occurs, in the choices' own order."""
    present = set(seen)
    return [(value, str(label)) for value, label in choices.choices if value in present]


def _years(keys: Iterable[int | None]) -> list[int]:
    """Every year from the first to the last, the empty ones too, so a gap reads as a gap."""
    years = [y for y in keys if y is not None]
    return list(range(min(years), max(years) + 1)) if years else []


def _per_year(
    slug: str, title: str, counts: Counter[Key], choices: type[Kind] | type[Direction]
) -> Chart:
    """One row per year (and one for "date unknown"), one column per kind or direction
    (as `choices` says) that occurs."""
    table: Counter[tuple[int | None, str]] = Counter()
    for (year, kind, direction), n in counts.items():
        table[(year, kind if choices is Kind else direction)] += n
    series = _series(choices, (value for _year, value in table))
    return _year_chart(slug, title, table, series, style="stacked")


def _year_chart(
    slug: str,
    title: str,
    table: Counter[tuple[int | None, str]],
    series: list[tuple[str, str]],
    *,
    style: str,
    total: bool = True,
) -> Chart:
    rows = [
        Row(str(year), [table[(year, value)] for value, _label in series])
        for year in _years(y for y, _v in table)
    ]
    rows.append(Row(_("date unknown"), [table[(None, v)] for v, _l in series], drawn=False))
    return Chart(
        slug=slug,
        title=title,
        caption=_undated_caption(rows[-1].total),
        row_header=_("Year"),
        columns=[label for _value, label in series],
        rows=rows,
        style=style,
        total=total,
    )


def _undated_caption(undated: int) -> str:
    if not undated:
        return _("Every one counted here has a date.")
    return _("%(count)s with no date are counted in the last row of the table, not drawn.") % {
        "count": undated
    }


def _seed_series(counts: Counter[Key]) -> Chart:
    """The seed's own two series: culture days (held here or there) and conferences hosted."""
    table: Counter[tuple[int | None, str]] = Counter()
    for (year, kind, direction), n in counts.items():
        if kind == Kind.CULTURE_DAYS:
            table[(year, "culture_days")] += n
        if kind == Kind.CONFERENCE and direction == Direction.HOSTED:
            table[(year, "conferences")] += n
    series = [("culture_days", _("Culture days")), ("conferences", _("Conferences hosted here"))]
    return _year_chart(
        "culture-days-and-conferences",
        _("Culture days and conferences hosted, per year"),
        table,
        series,
        style="grouped",
        total=False,
    )


def _per_decade(scope: Scope) -> Chart:
    rows = (
        _within(Partnership.objects.all(), scope)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: Counter[tuple[int | None, str]] = Counter()
    for year, kind, n in rows:
        table[(int(year) // 10 * 10 if year is not None else None, kind)] += n
    series = _series(PartnershipKind, (k for _d, k in table))
    decades = [d for d, _k in table if d is not None]
    body = [
        # "1990–1999" reads the same in both languages; "1990s" would need Turkish vowel harmony.
        Row(f"{d}–{d + 9}", [table[(d, k)] for k, _l in series])
        for d in (range(min(decades), max(decades) + 10, 10) if decades else [])
    ]
    body.append(Row(_("date unknown"), [table[(None, k)] for k, _l in series], drawn=False))
    undated = body[-1].total
    return Chart(
        slug="partnerships-by-decade",
        title=_("Partnerships signed, per decade"),
        caption=_("%(count)s with no signing date recorded are in the table's last row, not drawn.")
        % {"count": undated}
        if undated
        else _("Every partnership has its signing date."),
        row_header=_("Decade"),
        columns=[label for _k, label in series],
        rows=body,
    )


def _per_continent(scope: Scope) -> Chart:
    rows = (
        _within(Partnership.objects.all(), scope)
        .values_list("partner__country__continent")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    labels = dict(Continent.choices)
    return Chart(
        slug="partners-by-continent",
        title=_("Partners by continent"),
        caption=_("Every recorded partnership, whatever its status."),
        row_header=_("Continent"),
        columns=[_("Partners")],
        rows=[Row(str(labels.get(code, code)), [n]) for code, n in rows],
        style="horizontal",
        total=False,
    )


def _per_theme(scope: Scope) -> Chart:
    """A partner counts under a theme recorded on the partnership or on any of its activities:
    the demo, like many records, keeps its themes on the activities.

    Grouped counts over the link tables, so the cost follows the links, not partnerships ×
    themes: "either" is those on the record plus those in the activities, less those in both.
    """
    partners = _within(Partnership.objects.all(), scope).values("pk")
    recorded_links = Partnership.themes.through.objects.filter(partnership__in=partners)
    recorded = dict(recorded_links.values_list("theme").annotate(n=Count("pk")).order_by())
    # No test of the activity's authority: services link only the authority's own.
    active = dict(
        Activity.themes.through.objects.filter(activity__partnerships__in=partners)
        .values_list("theme")
        .annotate(n=Count("activity__partnerships", distinct=True))
        .order_by()
    )
    in_activities = Activity.partnerships.through.objects.filter(
        partnership=OuterRef("partnership"), activity__themes=OuterRef("theme")
    )
    both = dict(
        recorded_links.filter(Exists(in_activities))
        .values_list("theme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted = [
        (theme, recorded.get(theme.pk, 0), active.get(theme.pk, 0), both.get(theme.pk, 0))
        for theme in Theme.objects.all()
    ]
    themes = sorted(
        ((t, on, inside, on + inside - shared) for t, on, inside, shared in counted),
        key=lambda row: (-row[3], row[0].name),
    )
    return Chart(
        slug="partners-by-theme",
        title=_("Partners by theme"),
        caption=_(
            "A partner counts under a theme recorded on the partnership or on one of its "
            "activities (drawn: either)."
        ),
        row_header=_("Theme"),
        columns=[_("On the partnership"), _("In its activities"), _("Either")],
        rows=[Row(str(t), [on, inside, either]) for t, on, inside, either in themes if either],
        style="horizontal",
        total=False,
        undrawn=(0, 1),
    )
