"""Files out: lists as CSV and XLSX, partners as GeoJSON and KML, activities as iCalendar."""

import json
from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twintowns.authorities import caching
from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.authorities.models import Authority, Role
from twintowns.authorities.records import require_role
from twintowns.exchange import geo, rows, selectors, services
from twintowns.exchange.forms import CalendarFeedForm
from twintowns.exchange.ical import activity_calendar
from twintowns.exchange.lists import LISTS, filters
from twintowns.exchange.models import CalendarFeed
from twintowns.exchange.writers import csv_response, xlsx_response
from twintowns.partnerships.forms import PartnershipFilterForm
from twintowns.partnerships.models import Partnership
from twintowns.partnerships.selectors import partnership_list


def _filename(authority: Authority, name: str, extension: str) -> str:
    """E.g. "ankara-partners-2026-11-27.xlsx": whose, what, as of when."""
    return f"{authority.slug}-{name}-{timezone.localdate().isoformat()}.{extension}"


@office_view
def list_export_view(request: OfficeRequest, name: str, extension: str) -> HttpResponseBase:
    """A list page's rows, with the page's filters, as CSV or XLSX."""
    export = LISTS.get(name)
    if export is None:
        raise Http404
    rows = export.rows(request)
    filename = _filename(request.authority, export.table.name, extension)
    if extension == "csv":
        return csv_response(export.table, rows, filename)
    return xlsx_response(export.table, rows, filename)


def _partners(request: OfficeRequest) -> QuerySet[Partnership]:
    partners = partnership_list(request.authority, filters(PartnershipFilterForm, request))
    return partners.prefetch_related(None)  # no themes in these files


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@office_view
def partners_geojson_view(request: OfficeRequest) -> HttpResponse:
    collection = geo.feature_collection(_partners(request), request.build_absolute_uri)
    return _attachment(
        json.dumps(collection, ensure_ascii=False, indent=1),
        "application/geo+json",
        _filename(request.authority, "partners", "geojson"),
    )


@office_view
def partners_kml_view(request: OfficeRequest) -> HttpResponse:
    title = _("%(authority)s: partners") % {"authority": request.authority.localized_name}
    document = geo.kml_document(title, _partners(request), request.build_absolute_uri)
    return _attachment(
        document,
        "application/vnd.google-earth.kml+xml",
        _filename(request.authority, "partners", "kml"),
    )


def _feeds_page(
    request: OfficeRequest, form: CalendarFeedForm, new_url: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "feeds": selectors.calendar_feeds(request.authority),
        "new_url": new_url,
    }
    return render(request, "exchange/feeds.html", context, status=status)


@office_view
def feeds_view(request: OfficeRequest) -> HttpResponse:
    """The authority's calendar feeds; POST makes one and shows its URL, this once only."""
    require_role(request.user, request.authority, Role.EDITOR)
    if request.method != "POST":
        initial = {"language": translation.get_language()}
        return _feeds_page(request, CalendarFeedForm(initial=initial))
    form = CalendarFeedForm(request.POST)
    if not form.is_valid():
        return _feeds_page(request, form, status=422)
    _feed, token = services.calendar_feed_create(
        actor=request.user, authority=request.authority, **form.cleaned_data
    )
    url = request.build_absolute_uri(reverse("exchange:feed", args=[token]))
    blank = CalendarFeedForm(initial={"language": form.cleaned_data["language"]})
    return _feeds_page(request, blank, new_url=url)


@office_view
@require_POST
def feed_revoke_view(request: OfficeRequest, pk: int) -> HttpResponse:
    feed = get_owned(request, CalendarFeed, pk)
    # Revoked twice (two tabs open): the feed is revoked, which is what was asked.
    with suppress(ValidationError):
        services.calendar_feed_revoke(actor=request.user, feed=feed)
    return redirect("exchange:feeds")


def feed_ics_view(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login (calendar applications cannot), the token is the key."""
    feed = selectors.live_feed(token)
    if feed is None:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    authority, today = feed.authority, timezone.localdate()

    def compute() -> bytes:
        activities = rows.streamed(selectors.feed_activities(authority, today))
        return activity_calendar(authority, activities, request.build_absolute_uri)

    # Calendar applications ask again every few minutes: one feed per version of the data,
    # day, language and host (its links are absolute).
    with translation.override(feed.language):
        content = caching.for_authority(authority, "ics", compute, today, request.get_host())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{feed.authority.slug}.ics"'
    return response


@office_view
def index_view(request: OfficeRequest) -> HttpResponse:
    """What goes in and out: spreadsheets, reports, lists, map files, calendars and the API."""
    return render(request, "exchange/index.html")
