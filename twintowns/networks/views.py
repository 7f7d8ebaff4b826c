from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.core.pages import FormPage, delete_page, edit_page
from twintowns.networks import services
from twintowns.networks.forms import MembershipForm, OrganizationForm
from twintowns.networks.models import Membership, Organization
from twintowns.networks.selectors import organization_detail, organization_list


@office_view
def organization_list_view(request: OfficeRequest) -> HttpResponse:
    organizations = organization_list(request.authority)
    return render(request, "networks/list.html", {"organizations": organizations})


@office_view
def organization_detail_view(request: OfficeRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organization_detail(request.authority), pk=pk)
    membership = next(iter(organization.memberships.all()), None)
    context = {"organization": organization, "membership": membership}
    return render(request, "networks/detail.html", context)


@office_view
def organization_form_view(request: OfficeRequest, pk: int | None = None) -> HttpResponse:
    organization = (
        get_owned(request, Organization, pk) if pk else Organization(authority=request.authority)
    )
    form = OrganizationForm(request.POST or None, instance=organization)
    title = _("Edit organization") if pk else _("New organization")
    page = FormPage(title, reverse("networks:list"), _("Organizations"))

    def save() -> str:
        return services.organization_save(
            actor=request.user, organization=form.instance
        ).get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def membership_form_view(request: OfficeRequest, pk: int) -> HttpResponse:
    organization = get_owned(request, Organization, pk)
    membership = organization.memberships.first() or Membership(
        authority=organization.authority, organization=organization
    )
    form = MembershipForm(request.POST or None, instance=membership)
    title = _("Membership in %(name)s") % {"name": organization}
    page = FormPage(title, organization.get_absolute_url(), str(organization))

    def save() -> str:
        services.membership_save(actor=request.user, membership=form.instance)
        return organization.get_absolute_url()

    return edit_page(request, form, page, save)


@office_view
def organization_delete_view(request: OfficeRequest, pk: int) -> HttpResponse:
    organization = get_owned(request, Organization, pk)

    def delete() -> str:
        services.organization_delete(actor=request.user, organization=organization)
        return reverse("networks:list")

    return delete_page(request, organization, organization.get_absolute_url(), delete)


@office_view
def membership_delete_view(request: OfficeRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, organization__pk=pk, authority=request.authority)

    def delete() -> str:
        services.membership_delete(actor=request.user, membership=membership)
        return membership.get_absolute_url()

    return delete_page(request, membership, membership.get_absolute_url(), delete)
