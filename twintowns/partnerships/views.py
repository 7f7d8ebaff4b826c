from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twintowns.activities.selectors import activities_of_partnership
from twintowns.core.access import get_owned, is_htmx, office_view
from twintowns.core.pages import form_page, invalid, saved
from twintowns.partnerships import services
from twintowns.partnerships.forms import (
    AgreementForm,
    ContactForm,
    MoveForm,
    PartnershipCreateForm,
    PartnershipFilterForm,
    PartnershipForm,
)
from twintowns.partnerships.models import AgreementDocument, Contact, Partnership
from twintowns.partnerships.selectors import partner_countries, partnership_detail, partnership_list


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnership_detail(request.authority, pk))  # type: ignore[attr-defined]


@office_view
def partnership_list_view(request: HttpRequest) -> HttpResponse:
    form = PartnershipFilterForm(request.GET or None)
    countries = partner_countries(request.authority)  # type: ignore[attr-defined]
    form.fields["country"].widget.choices = [("", _("All countries"))] + [
        (c.code, c.localized_name) for c in countries
    ]
    filters = form.cleaned_data if form.is_valid() else {}
    context = {"form": form, "partnerships": partnership_list(request.authority, filters)}  # type: ignore[attr-defined]
    template = "partnerships/list.html#results" if is_htmx(request) else "partnerships/list.html"
    return render(request, template, context)


@office_view
def partnership_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    activities = activities_of_partnership(partnership)
    context = {
        "partnership": partnership,
        "activities": activities,
        "culture_days": [a for a in activities if a.kind == "culture_days"],
        "move_form": MoveForm(initial={"status": partnership.status}),
    }
    return render(request, "partnerships/detail.html", context)


@office_view
def partnership_create_view(request: HttpRequest) -> HttpResponse:
    page = {
        "title": _("New partnership"),
        "back_url": reverse("partnerships:list"),
        "back_label": _("Partners"),
    }
    form = PartnershipCreateForm(request.POST or None)
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        partnership = services.partnership_create(
            actor=request.user, authority=request.authority, **form.cleaned_data
        )  # type: ignore[attr-defined]
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, partnership.get_absolute_url())


@office_view
def partnership_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    page = {
        "title": _("Edit %(name)s") % {"name": partnership},
        "back_url": partnership.get_absolute_url(),
        "back_label": str(partnership),
    }
    form = PartnershipForm(
        request.POST or None, instance=partnership, initial={"themes": partnership.themes.all()}
    )
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        services.partnership_update(
            actor=request.user, partnership=partnership, **form.cleaned_data
        )
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, partnership.get_absolute_url())


@office_view
def partnership_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    if request.method == "POST":
        services.partnership_delete(actor=request.user, partnership=partnership)
        return redirect("partnerships:list")
    return render(
        request,
        "core/confirm_delete.html",
        {"object": partnership, "back_url": partnership.get_absolute_url()},
    )


@office_view
@require_POST
def partnership_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.partnership_move(actor=request.user, partnership=partnership, **form.cleaned_data)
        return saved(request, partnership.get_absolute_url())
    page = {
        "title": _("Change status"),
        "back_url": partnership.get_absolute_url(),
        "back_label": str(partnership),
    }
    return invalid(request, form, **page)


def _child_form(
    request: HttpRequest,
    partnership: Partnership,
    form_class: type[ModelForm],
    instance: Model,
    save: Callable[[Model], object],
    title: str,
) -> HttpResponse:
    """Create or edit a record that hangs off a partnership (a contact, a document)."""
    page = {
        "title": title,
        "back_url": partnership.get_absolute_url(),
        "back_label": str(partnership),
    }
    form = form_class(request.POST or None, request.FILES or None, instance=instance)
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        save(form.instance)
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, partnership.get_absolute_url())


@office_view
def contact_form_view(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    partnership = _partnership(request, pk)
    contact = (
        get_object_or_404(partnership.contacts, pk=contact_pk)
        if contact_pk
        else Contact(partnership=partnership)
    )
    title = _("Edit contact") if contact_pk else _("New contact")

    def save(obj: Contact) -> object:
        return services.contact_save(actor=request.user, contact=obj)

    return _child_form(request, partnership, ContactForm, contact, save, title)


@office_view
def agreement_form_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    document = AgreementDocument(partnership=partnership)

    def save(obj: AgreementDocument) -> object:
        return services.agreement_save(actor=request.user, document=obj)

    return _child_form(
        request, partnership, AgreementForm, document, save, _("New agreement document")
    )


@office_view
def contact_delete_view(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = get_owned(request, Contact, contact_pk, "partnership__authority")
    if request.method == "POST":
        services.contact_delete(actor=request.user, contact=contact)
        return redirect(contact.partnership)
    return render(
        request,
        "core/confirm_delete.html",
        {"object": contact, "back_url": contact.get_absolute_url()},
    )


@office_view
def agreement_delete_view(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = get_owned(request, AgreementDocument, document_pk, "partnership__authority")
    if request.method == "POST":
        services.agreement_delete(actor=request.user, document=document)
        return redirect(document.partnership)
    return render(
        request,
        "core/confirm_delete.html",
        {"object": document, "back_url": document.get_absolute_url()},
    )


@office_view
def agreement_file_view(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = get_owned(request, AgreementDocument, document_pk, "partnership__authority")
    return FileResponse(document.file.open("rb"), filename=document.file.name.rsplit("/", 1)[-1])
