import csv

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from twintowns.core.access import OfficeRequest, office_view
from twintowns.insights.health import SORTS, health_report
from twintowns.insights.reciprocity import reciprocity_report
from twintowns.insights.trends import Chart, chart, trends
from twintowns.insights.union import union_chart, union_charts, union_totals

UNION_PERMISSION = "authorities.view_union_insights"
HEALTH_PAGE_SIZE = 50


@office_view
def index_view(request: OfficeRequest) -> HttpResponse:
    return render(request, "insights/index.html", {"tab": "index"})


@office_view
def trends_view(request: OfficeRequest) -> HttpResponse:
    context = {
        "tab": "trends",
        "charts": trends(request.authority),
        "csv_view": "insights:trend_csv",
    }
    return render(request, "insights/trends.html", context)


@office_view
def trend_csv_view(request: OfficeRequest, slug: str) -> HttpResponse:
    return chart_csv_response(chart(request.authority, slug))


@login_required
@permission_required(UNION_PERMISSION, raise_exception=True)
def union_view(request: HttpRequest) -> HttpResponse:
    """Across every authority: only for the role made for it (the "Union analysts" group)."""
    context = {"totals": union_totals(), "charts": union_charts(), "csv_view": "insights:union_csv"}
    return render(request, "insights/union.html", context)


@login_required
@permission_required(UNION_PERMISSION, raise_exception=True)
def union_csv_view(request: HttpRequest, slug: str) -> HttpResponse:
    return chart_csv_response(union_chart(slug))


def chart_csv_response(found: Chart | None) -> HttpResponse:
    """A chart's table as a CSV download (404 for no chart); every page of charts uses it."""
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.csv"'
    response.write("\ufeff")  # the BOM, so spreadsheets read ş, ğ and İ as UTF-8
    csv.writer(response).writerows(found.csv_rows())
    return response


@office_view
def reciprocity_view(request: OfficeRequest) -> HttpResponse:
    context = {"tab": "reciprocity", "report": reciprocity_report(request.authority)}
    return render(request, "insights/reciprocity.html", context)


@office_view
def health_view(request: OfficeRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else "-score"
    dormant_only = request.GET.get("dormant") == "1"
    report = health_report(request.authority, timezone.localdate(), sort=sort)
    rows = [r for r in report.rows if r.health.dormant] if dormant_only else report.rows
    # Scored all at once (the sort needs every score); shown a page at a time, since each row
    # carries its explanation and a few hundred of them make a slow page to draw and to read.
    page = Paginator(rows, HEALTH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "tab": "health",
        "report": report,
        "rows": page.object_list,
        "page": page,
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
