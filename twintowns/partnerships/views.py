from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twintowns.authorities import caching
from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.core.forms import carry_version
from twintowns.core.pages import FormPage, delete_page, edit_page, is_htmx
from twintowns.lib.uploads import download
from twintowns.partnerships import services
from twintowns.partnerships.forms import (
    AgreementForm,
    ContactForm,
    MoveForm,
    PartnershipCreateForm,
    PartnershipFilterForm,
    PartnershipForm,
)
from twintowns.partnerships.geo import partner_collection
from twintowns.partnerships.models import AgreementDocument, Contact, Kind, Partnership, Status
from twintowns.partnerships.selectors import (
    partner_countries,
    partnership_detail,
    partnership_list,
)


def _partnership(request: OfficeRequest, pk: int) -> Partnership:
    return get_object_or_404(partnership_detail(request.authority, pk))


def _page(title: str, partnership: Partnership) -> FormPage:
    return FormPage(title, partnership.get_absolute_url(), str(partnership))


def _filter_form(request: OfficeRequest) -> PartnershipFilterForm:
    """The partners' filters, shared by the list and the map, with the partners' countries."""
    form = PartnershipFilterForm(request.GET or None)
    countries = partner_countries(request.authority)
    form.fields["country"].widget.choices = [("", _("All countries"))] + [
        (c.code, c.localized_name) for c in countries
    ]
    return form


def _filters(form: PartnershipFilterForm) -> dict[str, Any]:
    return form.cleaned_data if form.is_valid() else {}


def _filter_query(request: OfficeRequest) -> str:
    """The filters set, as a query string for links between the list, the map and its data."""
    return urlencode([(key, value) for key, value in request.GET.items() if value])


PARTNERS_PER_PAGE = 100
TIMELINE_PER_PAGE = 50


@office_view
@caching.drawn_from_cache("partnerships/list.html")
def partnership_list_view(request: OfficeRequest) -> HttpResponse:
    form = _filter_form(request)
    partnerships = partnership_list(request.authority, _filters(form))
    # Read only when the list's cached fragment is missing (partnerships/list.html): lazily.
    page = SimpleLazyObject(
        lambda: Paginator(partnerships, PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    )
    context = {
        "form": form,
        "partnerships": page,
        "page": page,
        "query": _filter_query(request),
    }
    template = "partnerships/list.html#results" if is_htmx(request) else "partnerships/list.html"
    return render(request, template, context)


@office_view
@caching.drawn_from_cache("partnerships/detail.html")
def partnership_detail_view(request: OfficeRequest, pk: int) -> HttpResponse:

    partnership = _partnership(request, pk)
    # Its activities through the relation the activities (a floor above) give a partnership.
    activities = partnership.activities.latest_first()
    # Read only when the timeline's cached fragment is missing (partnerships/detail.html).
    page = SimpleLazyObject(
        lambda: Paginator(activities, TIMELINE_PER_PAGE).get_page(request.GET.get("page"))
    )
    context = {
        "partnership": partnership,
        "activities": page,
        "page": page,
        "impact": partnership.activities.held(timezone.localdate()).impact(),
        "culture_days": activities.culture_days().prefetch_related(None),
        "move_form": _move_form(None, partnership),
    }
    return render(request, "partnerships/detail.html", context)


def _move_form(data: Any, partnership: Partnership) -> MoveForm:
    """The move's form, carrying the version of the partnership it was read at."""
    form = MoveForm(data, initial={"status": partnership.status})
    carry_version(form, partnership)
    return form


@office_view
def partnership_create_view(request: OfficeRequest) -> HttpResponse:
    # ?partner=<place id> comes from reconciling with the public record: the place prefilled.
    partner = request.GET.get("partner", "")
    initial = {"partner": int(partner)} if partner.isdigit() else {}
    form = PartnershipCreateForm(request.POST or None, initial=initial)
    page = FormPage(_("New partnership"), reverse("partnerships:list"), _("Partners"))

    def save() -> str:
        return services.partnership_create(
            actor=request.user, authority=request.authority, **form.cleaned_data
        ).get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def partnership_edit_view(request: OfficeRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = PartnershipForm(
        request.POST or None, instance=partnership, initial={"themes": partnership.themes.all()}
    )
    page = _page(_("Edit %(name)s") % {"name": partnership}, partnership)

    def save() -> str:
        services.partnership_update(
            actor=request.user, partnership=partnership, **form.cleaned_data
        )
        return partnership.get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def partnership_delete_view(request: OfficeRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)

    def delete() -> str:
        services.partnership_delete(actor=request.user, partnership=partnership)
        return reverse("partnerships:list")

    return delete_page(request, partnership, partnership.get_absolute_url(), delete)


@office_view
@require_POST
def partnership_move_view(request: OfficeRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = _move_form(request.POST, partnership)

    def save() -> str:
        services.partnership_move(actor=request.user, partnership=partnership, **form.cleaned_data)
        return partnership.get_absolute_url()

    page = _page(_("Change status"), partnership)
    return edit_page(request, form, page, save, record=partnership)


@office_view
def contact_form_view(
    request: OfficeRequest, pk: int, contact_pk: int | None = None
) -> HttpResponse:
    partnership = _partnership(request, pk)
    contact = (
        get_object_or_404(partnership.contacts, pk=contact_pk)
        if contact_pk
        else Contact(partnership=partnership)
    )
    form = ContactForm(request.POST or None, instance=contact)
    page = _page(_("Edit contact") if contact_pk else _("New contact"), partnership)

    def save() -> str:
        return services.contact_save(actor=request.user, contact=form.instance).get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def agreement_form_view(request: OfficeRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=AgreementDocument(partnership=partnership),
    )
    page = _page(_("New agreement document"), partnership)

    def save() -> str:
        document = services.agreement_save(actor=request.user, document=form.instance)
        return document.get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def contact_delete_view(request: OfficeRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = get_owned(request, Contact, contact_pk, "partnership__authority")

    def delete() -> str:
        services.contact_delete(actor=request.user, contact=contact)
        return contact.get_absolute_url()

    return delete_page(request, contact, contact.get_absolute_url(), delete)


@office_view
def agreement_delete_view(request: OfficeRequest, pk: int, document_pk: int) -> HttpResponse:
    document = get_owned(request, AgreementDocument, document_pk, "partnership__authority")

    def delete() -> str:
        services.agreement_delete(actor=request.user, document=document)
        return document.get_absolute_url()

    return delete_page(request, document, document.get_absolute_url(), delete)


@office_view
def agreement_file_view(request: OfficeRequest, pk: int, document_pk: int) -> FileResponse:
    document = get_owned(request, AgreementDocument, document_pk, "partnership__authority")
    return download(document.file)


# The legend's order: the living partnerships first.
LEGEND_STATUSES = [
    Status.ACTIVE,
    Status.SIGNED,
    Status.APPROVED,
    Status.PROPOSED,
    Status.DORMANT,
    Status.ENDED,
]


@office_view
@caching.drawn_from_cache("partnerships/map.html")
def partner_map_view(request: OfficeRequest) -> HttpResponse:
    """The partners on a world map; the same filters as the list, and a list of them below."""
    form = _filter_form(request)
    context = {
        "form": form,
        "partnerships": partnership_list(request.authority, _filters(form)).prefetch_related(None),
        "query": _filter_query(request),
        "kinds": Kind.choices,
        "statuses": [(status.value, status.label) for status in LEGEND_STATUSES],
        "tile_url": settings.TWINTOWNS_MAP_TILE_URL,
        "tile_attribution": settings.TWINTOWNS_MAP_TILE_ATTRIBUTION,
    }
    template = "partnerships/map.html#results" if is_htmx(request) else "partnerships/map.html"
    return render(request, template, context)


@office_view
def partner_geojson_view(request: OfficeRequest) -> JsonResponse:
    filters = _filters(PartnershipFilterForm(request.GET or None))
    authority, today = request.authority, timezone.localdate()
    collection = caching.for_authority(
        authority,
        "partners-geojson",
        lambda: partner_collection(authority, filters, today),
        filters,
        today,  # its counts are of the activities held by today
    )
    return JsonResponse(
        collection,
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
