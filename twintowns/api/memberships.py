"""Memberships in international organizations of cities, and those organizations (read only)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from twintowns.api.auth import ApiRequest
from twintowns.api.common import (
    CHANGE_ERRORS,
    IF_MATCH,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Body,
    Id,
    IfMatch,
    Input,
    OrganizationRef,
    Page,
    PageFilters,
    Patch,
    owned,
    paginate,
    read_at,
    with_etag,
)
from twintowns.authorities.models import Authority
from twintowns.networks import services
from twintowns.networks.models import Membership, MembershipRole, Organization
from twintowns.networks.selectors import organization_list

router = Router(tags=["memberships"])
organizations = Router(tags=["organizations"])

Year = int | None


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    website: str
    description: str
    member: bool = Field(description="Whether the authority holds a membership in it.")
    conference_count: int = Field(description="Conferences of it hosted here.")

    @staticmethod
    def resolve_member(obj: Organization) -> bool:
        return bool(obj.member)  # type: ignore[attr-defined]


class OrganizationPage(Page):
    items: list[OrganizationOut]


class MembershipOut(Schema):
    id: int
    version: int = Field(description='The version of the record; its ETag is "<version>".')
    organization: OrganizationRef
    role: MembershipRole
    since_year: int | None
    until_year: int | None
    council_decision_number: str
    council_decision_date: dt.date | None
    annual_dues: str | None = Field(description='A decimal number as text, e.g. "1500.00".')
    dues_currency: str
    benefits: str
    notes: str

    @staticmethod
    def resolve_annual_dues(obj: Membership) -> str | None:
        return None if obj.annual_dues is None else str(obj.annual_dues)


class MembershipPage(Page):
    items: list[MembershipOut]


class MembershipFields(Body):
    role: MembershipRole = MembershipRole.MEMBER
    since_year: Year = Field(None, ge=1800, le=2200)
    until_year: Year = Field(None, ge=1800, le=2200)
    council_decision_number: str = Field("", max_length=50)
    council_decision_date: dt.date | None = None
    annual_dues: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    dues_currency: str = Field("", max_length=3, description="ISO 4217, e.g. EUR.")
    benefits: str = Field("", max_length=20_000)
    notes: str = Field("", max_length=20_000)


class MembershipIn(MembershipFields):
    organization: Id = Field(description="Id of one of the authority's organizations.")


class MembershipChange(Patch, MembershipFields):
    """Fields left out stay as they are."""

    organization: Id = Field(0, description="Id of one of the authority's organizations.")


def _fields(authority: Authority, payload: Input, *, only_set: bool) -> dict[str, Any]:
    fields = payload.dict(exclude_unset=only_set)
    if "organization" in fields:
        organization = authority.organizations.filter(pk=fields["organization"]).first()
        if organization is None:
            raise ValidationError(
                {
                    "organization": _("Unknown organization: %(id)s.")
                    % {"id": fields["organization"]}
                }
            )
        fields["organization"] = organization
    return fields


def _memberships(authority: Authority) -> Any:
    return Membership.objects.filter(authority=authority).select_related("organization")


def _one(request: ApiRequest, pk: int) -> Membership:
    return owned(request.auth.authority, _memberships(request.auth.authority), pk)


@router.get("/", response={200: MembershipPage, **LIST_ERRORS}, summary="List memberships")
def list_memberships(request: ApiRequest, filters: Query[PageFilters]) -> dict[str, Any]:
    """The authority's memberships, by the organization's name."""
    return paginate(
        _memberships(request.auth.authority).order_by("organization__name", "pk"), filters
    )


@router.get("/{pk}", response={200: MembershipOut, **READ_ERRORS}, summary="Get a membership")
def get_membership(request: ApiRequest, pk: Id, response: HttpResponse) -> Membership:
    """With its version as the ETag, to send back as If-Match to change it."""
    membership = _one(request, pk)
    with_etag(response, membership)
    return membership


@router.post("/", response={201: MembershipOut, **WRITE_ERRORS}, summary="Create a membership")
def create_membership(
    request: ApiRequest, payload: MembershipIn, response: HttpResponse
) -> Reply[Membership]:
    authority = request.auth.authority
    membership = Membership(authority=authority, **_fields(authority, payload, only_set=False))
    services.membership_save(actor=request.user, membership=membership)
    with_etag(response, membership)
    return Reply(201, membership)


@router.patch(
    "/{pk}",
    response={200: MembershipOut, **WRITE_ERRORS, **CHANGE_ERRORS},
    summary="Change a membership",
)
def update_membership(
    request: ApiRequest,
    pk: Id,
    payload: MembershipChange,
    response: HttpResponse,
    if_match: IfMatch = IF_MATCH,
) -> Membership:
    """Needs If-Match with the ETag of the version read; the answer has the new one."""
    membership = _one(request, pk)
    read_at(request, membership, if_match)
    for name, value in _fields(request.auth.authority, payload, only_set=True).items():
        setattr(membership, name, value)
    services.membership_save(actor=request.user, membership=membership)
    with_etag(response, membership)
    return membership


@router.delete(
    "/{pk}",
    response={204: None, **WRITE_ERRORS, 412: CHANGE_ERRORS[412]},
    summary="Delete a membership",
)
def delete_membership(request: ApiRequest, pk: Id, if_match: IfMatch = IF_MATCH) -> Reply[None]:
    """With If-Match, only if the membership is still at that version."""
    membership = _one(request, pk)
    read_at(request, membership, if_match, required=False)
    services.membership_delete(actor=request.user, membership=membership)
    return Reply(204, None)


@organizations.get(
    "/", response={200: OrganizationPage, **LIST_ERRORS}, summary="List organizations"
)
def list_organizations(request: ApiRequest, filters: Query[PageFilters]) -> dict[str, Any]:
    """The organizations the authority records, members first (read only)."""
    return paginate(organization_list(request.auth.authority), filters)
