import datetime as dt
from collections.abc import Sequence

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from twintowns.activities import selectors, services
from twintowns.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    BestPracticeFilterForm,
)
from twintowns.activities.models import Activity, Attachment, Direction, Kind
from twintowns.activities.selectors import Impact
from twintowns.authorities import caching
from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.core.pages import FormPage, delete_page, edit_page, is_htmx
from twintowns.lib.spreadsheets import CsvWriter
from twintowns.lib.uploads import download
from twintowns.partnerships.models import Partnership


def _activity(request: OfficeRequest, pk: int) -> Activity:
    queryset = (
        Activity.objects.filter(authority=request.authority)
        .select_related("place__country", "organization", "reciprocal", "reciprocated_by")
        .prefetch_related("partnerships__partner", "themes", "attachments")
    )
    return get_object_or_404(queryset, pk=pk)


ACTIVITIES_PER_PAGE = 50
CULTURE_DAYS_PER_PAGE = 50
CONFERENCES_PER_PAGE = 50
BEST_PRACTICES_PER_PAGE = 20
IMPACT_PARTNERS_PER_PAGE = 50


@office_view
@caching.drawn_from_cache("activities/list.html")
def activity_list_view(request: OfficeRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.activity_list(request.authority, filters)
    # Read only when the list's cached fragment is missing (activities/list.html): lazily.
    page = SimpleLazyObject(
        lambda: Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    )
    context = {"form": form, "activities": page, "page": page}
    template = "activities/list.html#results" if is_htmx(request) else "activities/list.html"
    return render(request, template, context)


@office_view
def activity_detail_view(request: OfficeRequest, pk: int) -> HttpResponse:
    return render(request, "activities/detail.html", {"activity": _activity(request, pk)})


def _initial_from_query(request: OfficeRequest) -> dict[str, object]:
    """Links such as "Add activity" on a partner's page pre-fill the form."""
    initial: dict[str, object] = {}
    if request.GET.get("partner", "").isdigit():
        initial["partnerships"] = [int(request.GET["partner"])]
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
        if request.GET["kind"] == Kind.CONFERENCE:
            initial["direction"] = Direction.HOSTED
    return initial


@office_view
def activity_create_view(request: OfficeRequest) -> HttpResponse:
    form = ActivityForm(
        request.POST or None, initial=_initial_from_query(request), authority=request.authority
    )
    page = FormPage(_("New activity"), reverse("activities:list"), _("Activities"))

    def save() -> str:
        return services.activity_create(
            actor=request.user, authority=request.authority, **form.cleaned_data
        ).get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def activity_edit_view(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    initial = {"partnerships": activity.partnerships.all(), "themes": activity.themes.all()}
    form = ActivityForm(
        request.POST or None, instance=activity, initial=initial, authority=request.authority
    )
    page = FormPage(_("Edit activity"), activity.get_absolute_url(), activity.title)

    def save() -> str:
        services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
        return activity.get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def activity_delete_view(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)

    def delete() -> str:
        services.activity_delete(actor=request.user, activity=activity)
        return reverse("activities:list")

    return delete_page(request, activity, activity.get_absolute_url(), delete)


@office_view
def attachment_create_view(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = AttachmentForm(
        request.POST or None, request.FILES or None, instance=Attachment(activity=activity)
    )
    page = FormPage(_("Add a photo or document"), activity.get_absolute_url(), activity.title)

    def save() -> str:
        services.attachment_add(actor=request.user, attachment=form.instance)
        return activity.get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def attachment_file_view(request: OfficeRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = get_owned(request, Attachment, attachment_pk, "activity__authority")
    return download(attachment.file)


@office_view
def attachment_delete_view(request: OfficeRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_owned(request, Attachment, attachment_pk, "activity__authority")

    def delete() -> str:
        services.attachment_delete(actor=request.user, attachment=attachment)
        return attachment.get_absolute_url()

    return delete_page(request, attachment, attachment.get_absolute_url(), delete)


def _month_asked(request: OfficeRequest) -> dt.date:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        return dt.date(year, month, 1)
    except (ValueError, OverflowError):
        return today.replace(day=1)


@office_view
def calendar_view(request: OfficeRequest) -> HttpResponse:
    month = selectors.month_calendar(request.authority, _month_asked(request))
    return render(request, "activities/calendar.html", {"month": month})


@office_view
@caching.drawn_from_cache("activities/culture_days.html")
def culture_days_view(request: OfficeRequest) -> HttpResponse:
    days = selectors.culture_days_held_first(request.authority)
    # Read only when the page's cached fragment is missing (activities/culture_days.html).
    page = SimpleLazyObject(
        lambda: Paginator(days, CULTURE_DAYS_PER_PAGE).get_page(request.GET.get("page"))
    )
    return render(request, "activities/culture_days.html", {"page": page})


@office_view
def conference_list_view(request: OfficeRequest) -> HttpResponse:
    conferences = selectors.conferences(request.authority)
    page = Paginator(conferences, CONFERENCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "activities/conferences.html", {"conferences": page, "page": page})


@office_view
def impact_view(request: OfficeRequest) -> HttpResponse:
    authority, today = request.authority, timezone.localdate()

    def compute() -> tuple[list[selectors.YearImpact], list[selectors.PartnerImpact], int]:
        return (
            selectors.impact_per_year(authority, today),
            selectors.impact_per_partner(authority, today),
            selectors.planned_count(authority, today),
        )

    # Under the day too: a planned activity counts from the day it is held.
    years, partners, planned = caching.for_authority(authority, "impact", compute, today)
    page = Paginator(partners, IMPACT_PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "years": years,
        "total": Impact.total(y.impact for y in years),
        "partners": page,
        "page": page,
        "planned": planned,
    }
    return render(request, "activities/impact.html", context)


def _impact_header(first: str) -> list[str]:
    return [
        first,
        _("Activities"),
        _("With figures"),
        _("Participants"),
        _("Citizens"),
        _("Young people"),
        _("Agreements"),
        _("Projects"),
        _("Media items"),
    ]


def _impact_cells(impact: Impact) -> list[object]:
    # An empty cell, not 0, where nothing was counted.
    return [impact.activities, impact.measured, *("" if f is None else f for f in impact.figures)]


def _csv(filename: str, rows: Sequence[Sequence[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # the BOM, so spreadsheets read ş, ğ and İ as UTF-8
    CsvWriter(response).writerows(rows)
    return response


@office_view
def impact_years_csv_view(request: OfficeRequest) -> HttpResponse:
    years = selectors.impact_per_year(request.authority, timezone.localdate())
    rows = [
        [y.year if y.year is not None else _("date unknown"), *_impact_cells(y.impact)]
        for y in years
    ]
    total = [_("Total"), *_impact_cells(Impact.total(y.impact for y in years))]
    return _csv("impact-per-year.csv", [_impact_header(_("Year")), *rows, total])


def _partner_cells(partnership: Partnership) -> list[object]:
    return [partnership.partner.name, partnership.partner.country.localized_name]


@office_view
def impact_partners_csv_view(request: OfficeRequest) -> HttpResponse:
    partners = selectors.impact_per_partner(request.authority, timezone.localdate())
    rows = [[*_partner_cells(p.partnership), *_impact_cells(p.impact)] for p in partners]
    header = _impact_header(_("Partner"))
    return _csv("impact-per-partner.csv", [[header[0], _("Country"), *header[1:]], *rows])


@office_view
def best_practice_list_view(request: OfficeRequest) -> HttpResponse:
    form = BestPracticeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    practices = selectors.best_practices(request.authority, filters)
    page = Paginator(practices, BEST_PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "practices": page,
        "page": page,
        "themes": selectors.best_practice_themes(request.authority),
        "theme": filters.get("theme"),
    }
    template = (
        "activities/best_practices.html#results"
        if is_htmx(request)
        else "activities/best_practices.html"
    )
    return render(request, template, context)
