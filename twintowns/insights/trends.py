"""Trends: the authority's activities per year and its partners by decade, continent and theme.

The same charts cover the whole installation when the scope is `None` (a union of municipalities
or a ministry), with two more: the totals per authority and the top partner countries.

Each chart is a `Chart` (`lib.charts`): the table of its numbers, which the page shows, the CSV
repeats and `charts.js` draws. Counted in the database (grouped counts); Python only lays out the
groups. `Chart` and `Row` are imported here by name: the union's figures kept in the shared cache
before they moved to `lib` are unpickled through it (tests/insights/test_caching.py).
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    QuerySet,
    TextChoices,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from twintowns.activities.models import (
    Activity,
    Direction,
    Kind,
    held_condition,
    planned_condition,
)
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.lib.charts import Chart, Row
from twintowns.partnerships.models import Kind as PartnershipKind
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Continent

# The records counted: one authority's, or with `None` those of every authority of the installation.
Scope = Authority | None


def _within[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    return queryset if scope is None else queryset.filter(authority=scope)


def trends(scope: Scope, today: dt.date) -> list[Chart]:
    """Every chart of the trends page, in seven queries. Activities count once held (by
    `today`); those planned after it are counted apart, in a row of their own."""
    activities = _activity_counts(scope, today)
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
        _per_theme(scope, today),
    ]


def chart(scope: Scope, slug: str, today: dt.date) -> Chart | None:
    return next((c for c in trends(scope, today) if c.slug == slug), None)


Key = tuple[int | None, str, str]  # (year, kind, direction)


@dataclass
class Counts:
    """Activities held by (year, None when undated, kind, direction); those planned, whose
    year has not come, by (kind, direction)."""

    held: Counter[Key] = field(default_factory=Counter)
    planned: Counter[tuple[str, str]] = field(default_factory=Counter)


def _activity_counts(scope: Scope, today: dt.date) -> Counts:
    planned = ExpressionWrapper(planned_condition(today), output_field=BooleanField())
    rows = (
        _within(Activity.objects.all(), scope)
        .annotate(year=ExtractYear("starts_on"), planned=planned)
        .values_list("year", "kind", "direction", "planned")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = Counts()
    for year, kind, direction, is_planned, n in rows:
        if is_planned:
            counts.planned[(kind, direction)] += n
        else:
            # PostgreSQL's EXTRACT answers a decimal: the year is made an int here, once.
            counts.held[(int(year) if year is not None else None, kind, direction)] += n
    return counts


def _series(choices: type[TextChoices], seen: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) of each choice that occurs, in the choices' own order."""
    present = set(seen)
    return [(value, str(label)) for value, label in choices.choices if value in present]


def _years(keys: Iterable[int | None]) -> list[int]:
    """Every year from the first to the last, the empty ones too, so a gap reads as a gap."""
    years = [y for y in keys if y is not None]
    return list(range(min(years), max(years) + 1)) if years else []


Table = Counter[tuple[int | None, str]]  # (year, series) -> count


def _tables(
    counts: Counts, series_of: Callable[[str, str], Iterable[str]]
) -> tuple[Table, Counter[str]]:
    """The counts by (year, series) of those held, and by series of those planned; an
    activity of kind and direction counts in each of `series_of(kind, direction)`."""
    held: Table = Counter()
    for (year, kind, direction), n in counts.held.items():
        for value in series_of(kind, direction):
            held[(year, value)] += n
    planned: Counter[str] = Counter()
    for (kind, direction), n in counts.planned.items():
        for value in series_of(kind, direction):
            planned[value] += n
    return held, planned


def _per_year(
    slug: str, title: str, counts: Counts, choices: type[Kind] | type[Direction]
) -> Chart:
    """One row per year (and one for "date unknown", one for those planned), one column per
    kind or direction (as `choices` says) that occurs."""
    held, planned = _tables(counts, lambda kind, d: [kind if choices is Kind else d])
    series = _series(choices, [*(value for _year, value in held), *planned])
    return _year_chart(slug, title, held, planned, series, style="stacked")


def _year_chart(
    slug: str,
    title: str,
    held: Table,
    planned: Counter[str],
    series: list[tuple[str, str]],
    *,
    style: str,
    total: bool = True,
) -> Chart:
    rows = [
        Row(str(year), [held[(year, value)] for value, _label in series])
        for year in _years(y for y, _v in held)
    ]
    ahead = Row(_("planned, not yet held"), [planned[v] for v, _l in series], drawn=False)
    if ahead.total:
        rows.append(ahead)
    undated = Row(_("date unknown"), [held[(None, v)] for v, _l in series], drawn=False)
    rows.append(undated)  # the last row, as its caption says
    return Chart(
        slug=slug,
        title=title,
        caption=" ".join(filter(None, [_undated_caption(undated.total), _planned_caption(ahead)])),
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


def _planned_caption(planned: Row) -> str:
    if not planned.total:
        return ""
    return _(
        "%(count)s planned and not yet held are counted apart, in the row “planned, not yet "
        "held”, not drawn."
    ) % {"count": planned.total}


def _seed_series(counts: Counts) -> Chart:
    """The seed's own two series: culture days (held here or there) and conferences hosted."""

    def seed_series(kind: str, direction: str) -> list[str]:
        if kind == Kind.CULTURE_DAYS:
            return ["culture_days"]
        if kind == Kind.CONFERENCE and direction == Direction.HOSTED:
            return ["conferences"]
        return []

    held, planned = _tables(counts, seed_series)
    series = [("culture_days", _("Culture days")), ("conferences", _("Conferences hosted here"))]
    return _year_chart(
        "culture-days-and-conferences",
        _("Culture days and conferences hosted, per year"),
        held,
        planned,
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


def _per_theme(scope: Scope, today: dt.date) -> Chart:
    """A partner counts under a theme recorded on the partnership or on any of its activities
    held by `today`: the demo, like many records, keeps its themes on the activities.

    Grouped counts over the link tables, so the cost follows the links, not partnerships ×
    themes: "either" is those on the record plus those in the activities, less those in both.
    """
    partners = _within(Partnership.objects.all(), scope).values("pk")
    recorded_links = Partnership.themes.through.objects.filter(partnership__in=partners)
    recorded = dict(recorded_links.values_list("theme").annotate(n=Count("pk")).order_by())
    # No test of the activity's authority: services link only the authority's own.
    active = dict(
        Activity.themes.through.objects.filter(
            held_condition(today, via="activity__"), activity__partnerships__in=partners
        )
        .values_list("theme")
        .annotate(n=Count("activity__partnerships", distinct=True))
        .order_by()
    )
    in_activities = Activity.partnerships.through.objects.filter(
        held_condition(today, via="activity__"),
        partnership=OuterRef("partnership"),
        activity__themes=OuterRef("theme"),
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
            "activities held (drawn: either)."
        ),
        row_header=_("Theme"),
        columns=[_("On the partnership"), _("In its activities"), _("Either")],
        rows=[Row(str(t), [on, inside, either]) for t, on, inside, either in themes if either],
        style="horizontal",
        total=False,
        undrawn=(0, 1),
    )
