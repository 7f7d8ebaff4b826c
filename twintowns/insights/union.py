"""Across every authority of the installation: what a union of municipalities or a ministry sees.

Totals only: the number of partnerships, activities and partner countries of each authority and of
all together, the countries partnered most, and the trend charts over everyone's records. No
record of any authority is listed, so the role made for it reads no office's files.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity, held_condition, planned_condition
from twintowns.authorities.models import Authority
from twintowns.insights.trends import trends
from twintowns.lib.charts import Chart, Row
from twintowns.lib.queries import count_of
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Country

TOP_COUNTRIES = 20
# The charts only a union has, before those of the trends page.
OWN_SLUGS = ("authorities", "top-partner-countries")

# A ministry has a thousand authorities or more: the chart and its table show the largest.
AUTHORITIES_SHOWN = 25


@dataclass(frozen=True)
class UnionTotals:
    authorities: int
    partnerships: int
    activities: int  # held by the day counted
    countries: int
    planned: int = 0  # activities still to come, counted apart


def union_totals(today: dt.date) -> UnionTotals:
    """The installation's totals, in three queries."""
    partnerships = Partnership.objects.aggregate(
        n=Count("pk"), countries=Count("partner__country", distinct=True)
    )
    activities = Activity.objects.aggregate(
        held=Count("pk", filter=held_condition(today)),
        planned=Count("pk", filter=planned_condition(today)),
    )
    return UnionTotals(
        authorities=Authority.objects.count(),
        partnerships=partnerships["n"],
        activities=activities["held"],
        countries=partnerships["countries"],
        planned=activities["planned"],
    )


@dataclass(frozen=True)
class UnionFigures:
    totals: UnionTotals
    charts: list[Chart]


def union_figures(today: dt.date) -> UnionFigures:
    """Everything the union page shows: seconds of counting at national scale, so the page
    reads it kept (insights.views) and the task worker counts it again (insights.tasks).
    Activities count once held by `today`."""
    return UnionFigures(union_totals(today), union_charts(today))


def union_charts(today: dt.date) -> list[Chart]:
    """The two charts only a union has, then every chart of the trends page over all records."""
    return [_per_authority(today), _top_countries(), *trends(None, today)]


def union_chart(slug: str, today: dt.date) -> Chart | None:
    return next((c for c in union_charts(today) if c.slug == slug), None)


def _per_authority(today: dt.date) -> Chart:
    partnerships = Partnership.objects.filter(authority=OuterRef("pk"))
    held = Activity.objects.held(today).filter(authority=OuterRef("pk"))
    authorities = Authority.objects.annotate(
        n_partnerships=count_of(partnerships),
        n_countries=count_of(partnerships, "partner__country", distinct=True),
        n_activities=count_of(held),
    ).order_by("-n_partnerships", "name")
    rows = [
        Row(a.localized_name, [a.n_partnerships, a.n_countries, a.n_activities])
        for a in authorities
    ]
    caption = _("Every authority of this installation, with all its records.")
    if len(rows) > AUTHORITIES_SHOWN:
        caption = _(
            "The %(shown)s authorities with the most partnerships; the CSV has all %(all)s."
        ) % {"shown": AUTHORITIES_SHOWN, "all": len(rows)}
    return Chart(
        slug=OWN_SLUGS[0],
        title=_("Partnerships and activities, per authority"),
        caption=caption,
        row_header=_("Authority"),
        columns=[_("Partnerships"), _("Partner countries"), _("Activities held")],
        rows=rows[:AUTHORITIES_SHOWN],
        more=tuple(rows[AUTHORITIES_SHOWN:]),
        style="horizontal",
        total=False,
        undrawn=(1, 2),
    )


def _top_countries() -> Chart:
    """Counted on the partnerships, grouped by their partner's country; then the names."""
    top = list(
        Partnership.objects.values_list("partner__country")
        .annotate(n=Count("pk"), authorities=Count("authority", distinct=True))
        .order_by("-n", "partner__country")[:TOP_COUNTRIES]
    )
    names = Country.objects.in_bulk([code for code, _n, _a in top])
    return Chart(
        slug=OWN_SLUGS[1],
        title=_("Top partner countries"),
        caption=_(
            "The %(count)s countries with the most partnerships, and how many authorities "
            "have a partner there."
        )
        % {"count": TOP_COUNTRIES},
        row_header=_("Country"),
        columns=[_("Partnerships"), _("Authorities")],
        rows=[Row(names[code].localized_name, [n, a]) for code, n, a in top],
        style="horizontal",
        total=False,
        undrawn=(1,),
    )
