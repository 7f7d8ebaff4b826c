"""Pages of the directory: its sources and what each import made of its file (`/directory/`),
and exploring it (`/network/`): the network's figures, a place's twins and their twins, the
twinnings as a table, partner suggestions and the reconciliation with the office's registry.

The directory is public reference data, the same for every authority: any signed-in user may
read its pages, with or without a role in an authority; suggestions and the reconciliation are
for the authority the user acts for.
"""

import contextlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from twintowns.authorities import caching
from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.directory.forms import SuggestFilterForm, TwinningFilterForm
from twintowns.directory.models import DirectorySource, Dismissal, NameOutcome, UnresolvedName
from twintowns.directory.ranking.network import directory_key
from twintowns.directory.reconciling import is_public_twin, reconcile
from twintowns.directory.selectors import (
    by_country,
    figure,
    network_figures,
    orient,
    places_in_directory,
    suggestions_for_authority,
    twinnings,
    twinnings_page,
    twins_of,
    twins_of_twins,
)
from twintowns.directory.services import dismissal_create, dismissal_delete
from twintowns.lib.charts import chart_csv_response
from twintowns.lib.spreadsheets import CsvWriter
from twintowns.places.models import Place

NAMES_PER_PAGE = 100


@login_required
def sources_view(request: HttpRequest) -> HttpResponse:
    """Every source with its import report: public reference data, the same for every office."""
    sources = DirectorySource.objects.all()
    return render(request, "directory/sources.html", {"sources": sources})


@login_required
def source_names_view(request: HttpRequest, name: str) -> HttpResponse:
    """The names a source's import could not settle, most rows first, a page at a time."""
    source = get_object_or_404(DirectorySource.objects.defer("report"), name=name)
    outcome = request.GET.get("outcome", "")
    names = _names(source, outcome)
    page = Paginator(names, NAMES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "source": source,
        "page": page,
        "outcome": outcome if outcome in NameOutcome.values else "",
        "outcomes": NameOutcome.choices,
    }
    return render(request, "directory/sources_names.html", context)


@login_required
def source_names_csv_view(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(DirectorySource.objects.defer("report"), name=name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{source.name}-unresolved.csv"'
    response.write("\ufeff")  # the BOM, so spreadsheets read ş, ğ and İ as UTF-8
    writer = CsvWriter(response)
    writer.writerow(["city", "country", "outcome", "rows", "candidates"])
    writer.writerows(
        _names(source, request.GET.get("outcome", "")).values_list(
            "city", "country", "outcome", "rows", "candidates"
        )
    )
    return response


def _names(source: DirectorySource, outcome: str) -> QuerySet[UnresolvedName]:
    names = UnresolvedName.objects.filter(source=source)
    return names.filter(outcome=outcome) if outcome in NameOutcome.values else names


def _partner_ids(request: HttpRequest) -> set[int]:
    """The partners of the authority the user acts for, to mark them; none outside an office."""
    authority = getattr(request, "authority", None)
    if authority is None:
        return set()
    return set(authority.partnerships.values_list("partner_id", flat=True))


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    authority = getattr(request, "authority", None)
    context = {
        "figures": network_figures(),
        "csv_view": "network:figure_csv",
        "query": query,
        "found": places_in_directory(query) if query else None,
        "seat": authority.place if authority is not None else None,
    }
    return render(request, "directory/network.html", context)


TWINNINGS_PER_PAGE = 100


@login_required
def twinnings_view(request: HttpRequest) -> HttpResponse:
    """The directory as a table, 100 twinnings a page, filtered by place name and country."""
    form = TwinningFilterForm(request.GET)
    filters = form.filters()
    page = twinnings_page(twinnings(**filters), TWINNINGS_PER_PAGE, request.GET.get("page"))
    orient(page, **filters)
    context = {
        "form": form,
        "page": page,
        "partner_ids": _partner_ids(request),
    }
    return render(request, "directory/twinnings.html", context)


@login_required
def figure_csv_view(request: HttpRequest, slug: str) -> HttpResponse:
    return chart_csv_response(figure(slug))


@login_required
def place_view(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place.objects.select_related("country"), pk=pk)
    twins = twins_of(place)
    context = {
        "place": place,
        "twins": twins,
        "reach": twins_of_twins(place, twins) if twins else [],
        "countries": by_country(twins),
        "partner_ids": _partner_ids(request),
        "tile_url": settings.TWINTOWNS_MAP_TILE_URL,
        "tile_attribution": settings.TWINTOWNS_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "directory/place.html", context)


@login_required
def place_geojson_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The place and its twins as GeoJSON (RFC 7946: longitude first)."""
    place = get_object_or_404(Place.objects.select_related("country"), pk=pk)
    partners = _partner_ids(request)

    def feature(p: Place, role: str) -> dict[str, object]:
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": {
                "name": p.name,
                "country": p.country.localized_name,
                "role": role,
                "partner": p.pk in partners,
                "url": reverse("network:place", args=[p.pk]),
            },
        }

    twins = [feature(t, "twin") for t in twins_of(place)]
    return JsonResponse({"type": "FeatureCollection", "features": [feature(place, "home"), *twins]})


@office_view
def reconcile_view(request: OfficeRequest) -> HttpResponse:
    """The registry against the public record, for the seat city of the authority."""
    seat = request.authority.place
    context = {"report": reconcile(request.authority, seat) if seat else None}
    return render(request, "directory/reconcile.html", context)


@office_view
@require_POST
def dismiss_view(request: OfficeRequest, pk: int) -> HttpResponse:
    """Mark a public twin of the seat as not a partnership (editors)."""
    seat = request.authority.place
    place = get_object_or_404(Place, pk=pk)
    if seat is None or not is_public_twin(seat, place):
        raise Http404
    reason = request.POST.get("reason", "").strip()[:300]
    # Marked twice (two tabs): the constraint refuses the second, and once is enough.
    with contextlib.suppress(ValidationError):
        dismissal_create(
            actor=request.user, authority=request.authority, place=place, reason=reason
        )
    return redirect("network:reconcile")


@office_view
@require_POST
def undismiss_view(request: OfficeRequest, pk: int) -> HttpResponse:
    dismissal_delete(actor=request.user, dismissal=get_owned(request, Dismissal, pk))
    return redirect("network:reconcile")


@office_view
def suggest_view(request: OfficeRequest) -> HttpResponse:
    """Candidate partners for the authority's seat city, best first, each with its reasons."""
    form = SuggestFilterForm(request.GET or None)
    authority, filters = request.authority, form.filters()
    # Kept per version of the authority's records and of the directory (an import), and filters.
    suggestions = caching.for_authority(
        authority,
        "suggest",
        lambda: suggestions_for_authority(authority, **filters),
        directory_key(),
        sorted(filters.items()),
    )
    context = {"form": form, "seat": authority.place, "suggestions": suggestions}
    return render(request, "directory/suggest.html", context)
