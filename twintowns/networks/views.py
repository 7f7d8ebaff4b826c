from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twintowns.core.access import get_owned, office_view
from twintowns.core.pages import form_page, invalid, saved
from twintowns.networks import services
from twintowns.networks.forms import MembershipForm, OrganizationForm
from twintowns.networks.models import Membership, Organization
from twintowns.networks.selectors import organization_detail, organization_list


@office_view
def organization_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "networks/list.html", {"organizations": organization_list(request.authority)}
    )  # type: ignore[attr-defined]


@office_view
def organization_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organization_detail(request.authority), pk=pk)  # type: ignore[attr-defined]
    membership = next(iter(organization.memberships.all()), None)
    return render(
        request, "networks/detail.html", {"organization": organization, "membership": membership}
    )


def _edit(
    request: HttpRequest,
    form: ModelForm,
    save: Callable[[], object],
    page: dict,
    done: Callable[[], str],
) -> HttpResponse:
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        save()
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, done())


@office_view
def organization_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organization = (
        get_owned(request, Organization, pk) if pk else Organization(authority=request.authority)
    )  # type: ignore[attr-defined]
    form = OrganizationForm(request.POST or None, instance=organization)
    title = _("Edit organization") if pk else _("New organization")
    page = {"title": title, "back_url": reverse("networks:list"), "back_label": _("Organizations")}
    return _edit(
        request,
        form,
        lambda: services.organization_save(actor=request.user, organization=form.instance),
        page,
        lambda: form.instance.get_absolute_url(),
    )


@office_view
def membership_form_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_owned(request, Organization, pk)
    membership = organization.memberships.first() or Membership(
        authority=organization.authority, organization=organization
    )
    form = MembershipForm(request.POST or None, instance=membership)
    page = {
        "title": _("Membership in %(name)s") % {"name": organization},
        "back_url": organization.get_absolute_url(),
        "back_label": str(organization),
    }
    return _edit(
        request,
        form,
        lambda: services.membership_save(actor=request.user, membership=form.instance),
        page,
        organization.get_absolute_url,
    )


@office_view
def organization_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_owned(request, Organization, pk)
    if request.method == "POST":
        services.organization_delete(actor=request.user, organization=organization)
        return redirect("networks:list")
    return render(
        request,
        "core/confirm_delete.html",
        {"object": organization, "back_url": organization.get_absolute_url()},
    )


@office_view
def membership_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, organization__pk=pk, authority=request.authority)  # type: ignore[attr-defined]
    if request.method == "POST":
        services.membership_delete(actor=request.user, membership=membership)
        return redirect(membership.organization)
    return render(
        request,
        "core/confirm_delete.html",
        {"object": membership, "back_url": membership.get_absolute_url()},
    )
