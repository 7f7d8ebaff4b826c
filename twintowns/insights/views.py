import datetime as dt
import functools

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from twintowns.activities.selectors import recent, upcoming
from twintowns.authorities import caching
from twintowns.authorities.access import OfficeRequest, office_view
from twintowns.insights.health import (
    SORTS,
    HealthReport,
    Scored,
    cached_health_report,
    health_report,
)
from twintowns.insights.overview import overview
from twintowns.insights.reciprocity import Exchange, ReciprocityReport, reciprocity_report
from twintowns.insights.tasks import UNION, union_refresh
from twintowns.insights.trends import trends
from twintowns.insights.union import UnionFigures, union_figures
from twintowns.lib.charts import Chart, chart_csv_response

UNION_PERMISSION = "authorities.view_union_insights"
HEALTH_PAGE_SIZE = 50
RECIPROCITY_PAGE_SIZE = 50


@office_view
@caching.drawn_from_cache("insights/home.html")
def home(request: OfficeRequest) -> HttpResponse:
    # Read only when the page's cached fragment is missing (insights/home.html): lazily.
    authority, today = request.authority, timezone.localdate()
    context = {
        "overview": SimpleLazyObject(lambda: overview(authority, today)),
        "upcoming": upcoming(authority, today),
        "recent": recent(authority, today),
        "health": SimpleLazyObject(lambda: cached_health_report(authority)),
    }
    return render(request, "insights/home.html", context)


@office_view
def index_view(request: OfficeRequest) -> HttpResponse:
    return render(request, "insights/index.html", {"tab": "index"})


def _trends(request: OfficeRequest) -> list[Chart]:
    authority, today = request.authority, _today()
    return caching.for_authority(authority, "trends", lambda: trends(authority, today), today)


@office_view
@caching.drawn_from_cache("insights/trends.html")
def trends_view(request: OfficeRequest) -> HttpResponse:
    # Read only when the page's cached fragment is missing (insights/trends.html): lazily.
    charts = SimpleLazyObject(lambda: _trends(request))
    context = {"tab": "trends", "charts": charts, "csv_view": "insights:trend_csv"}
    return render(request, "insights/trends.html", context)


@office_view
def trend_csv_view(request: OfficeRequest, slug: str) -> HttpResponse:
    return chart_csv_response(_find(_trends(request), slug))


def _union() -> caching.Kept[UnionFigures]:
    """The last count, at once; when stale, the task worker counts again (insights.tasks)."""
    language, today = translation.get_language(), _today()
    return caching.kept_for_installation(
        UNION, lambda: union_figures(today), lambda: union_refresh.enqueue(language), today
    )


@login_required
@permission_required(UNION_PERMISSION, raise_exception=True)
def union_view(request: HttpRequest) -> HttpResponse:
    """Across every authority: only for the role made for it (the "Union analysts" group)."""
    kept = _union()
    context = {
        "totals": kept.value.totals,
        "charts": kept.value.charts,
        "kept": kept,
        "csv_view": "insights:union_csv",
    }
    return render(request, "insights/union.html", context)


@login_required
@permission_required(UNION_PERMISSION, raise_exception=True)
def union_csv_view(request: HttpRequest, slug: str) -> HttpResponse:
    return chart_csv_response(_find(_union().value.charts, slug))


def _find(charts: list[Chart], slug: str) -> Chart | None:
    return next((c for c in charts if c.slug == slug), None)


def _today() -> dt.date:
    return timezone.localdate()


@office_view
@caching.drawn_from_cache("insights/reciprocity.html")
def reciprocity_view(request: OfficeRequest) -> HttpResponse:
    authority = request.authority

    @functools.cache
    def listing() -> tuple[ReciprocityReport, Page[Exchange]]:
        today = _today()
        report = caching.for_authority(
            authority, "reciprocity", lambda: reciprocity_report(authority, today), today
        )
        exchanges = Paginator(report.exchanges, RECIPROCITY_PAGE_SIZE)
        return report, exchanges.get_page(request.GET.get("page"))

    # Read only when the page's cached fragment is missing (insights/reciprocity.html): lazily.
    context = {
        "tab": "reciprocity",
        "report": SimpleLazyObject(lambda: listing()[0]),
        "page": SimpleLazyObject(lambda: listing()[1]),
    }
    return render(request, "insights/reciprocity.html", context)


@office_view
@caching.drawn_from_cache("insights/health.html")
def health_view(request: OfficeRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else "-score"
    dormant_only = request.GET.get("dormant") == "1"

    @functools.cache
    def listing() -> tuple[HealthReport, Page[Scored]]:
        report = cached_health_report(request.authority)
        rows = sorted(report.rows, key=SORTS[sort])
        rows = [r for r in rows if r.health.dormant] if dormant_only else rows
        # Scored all at once (the sort needs every score); shown a page at a time, since each
        # row carries its explanation and a few hundred of them make a slow page to draw.
        return report, Paginator(rows, HEALTH_PAGE_SIZE).get_page(request.GET.get("page"))

    # Read only when the page's cached fragment is missing (insights/health.html): lazily.
    context = {
        "tab": "health",
        "report": SimpleLazyObject(lambda: listing()[0]),
        "rows": SimpleLazyObject(lambda: listing()[1].object_list),
        "page": SimpleLazyObject(lambda: listing()[1]),
        "sort": sort,
        "dormant_only": dormant_only,
    }
    return render(request, "insights/health.html", context)


@office_view
def health_detail_view(request: OfficeRequest, pk: int) -> HttpResponse:
    report = health_report(request.authority, timezone.localdate(), pk=pk)
    if not report.rows and not report.ended:
        raise Http404
    context = {"tab": "health", "report": report, "row": report.rows[0] if report.rows else None}
    return render(request, "insights/health_detail.html", context)
