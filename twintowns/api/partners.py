"""Partners: the authority's partnerships with other cities."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpResponse
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
    Page,
    PageFilters,
    Patch,
    PlaceOut,
    choices,
    owned,
    paginate,
    place_by_id,
    read_at,
    themes_by_code,
    with_etag,
)
from twintowns.lib.dates import Precision, iso_partial
from twintowns.partnerships import services
from twintowns.partnerships.models import Kind, LifecycleEvent, Partnership, Status
from twintowns.partnerships.selectors import partnership_list
from twintowns.places.models import Continent

router = Router(tags=["partners"])

PartnerKind = Annotated[Kind, choices(Kind, "PartnerKind")]


class PartnerFilters(PageFilters):
    q: str = Field("", max_length=100, description="A city's name, in any spelling or script.")
    kind: PartnerKind | None = None
    status: Status | None = None
    country: str = Field("", max_length=2, description="The partner's ISO country code.")
    continent: Continent | None = None
    theme: str = Field("", max_length=50, description="A theme's code.")


class PartnerOut(Schema):
    id: int
    version: int = Field(description='The version of the record; its ETag is "<version>".')
    partner: PlaceOut
    kind: PartnerKind
    status: Status
    signed_on: dt.date | None = Field(description="The first day of the period known.")
    signed_precision: Precision
    signed: str | None = Field(description='The part known: "1992", "1992-05" or "1992-05-14".')
    council_decision_number: str
    council_decision_date: dt.date | None
    ministry_approval_number: str
    ministry_approval_date: dt.date | None
    themes: list[str] = Field(description="Codes of the themes.")
    sources: str
    notes: str
    activity_count: int = Field(description="Activities held: started by today, or undated.")
    last_activity: dt.date | None = Field(description="The start of the last activity held.")
    planned_count: int = Field(description="Activities planned: starting after today.")

    @staticmethod
    def resolve_signed(obj: Partnership) -> str | None:
        return iso_partial(obj.signed_on, obj.signed_precision)

    @staticmethod
    def resolve_themes(obj: Partnership) -> list[str]:
        return [t.code for t in obj.themes.all()]


class PartnerPage(Page):
    items: list[PartnerOut]


class PartnerFields(Body):
    kind: PartnerKind = Kind.SISTER_CITY
    signed_on: dt.date | None = None
    signed_precision: Precision = Precision.DAY
    council_decision_number: str = Field("", max_length=50)
    council_decision_date: dt.date | None = None
    ministry_approval_number: str = Field("", max_length=50)
    ministry_approval_date: dt.date | None = None
    themes: list[str] = Field([], max_length=20, description="Codes of the themes.")
    sources: str = Field("", max_length=10_000)
    notes: str = Field("", max_length=10_000)


class PartnerIn(PartnerFields):
    partner: Id = Field(description="Id of the partner city in the gazetteer (places).")
    status: Status = Status.ACTIVE
    status_date: dt.date | None = Field(None, description="Since when it has this status.")


class PartnerChange(Patch, PartnerFields):
    """Fields left out stay as they are. The status changes through a move."""

    partner: Id = Field(0, description="Id of the partner city in the gazetteer (places).")


class MoveIn(Body):
    status: Status
    date: dt.date | None = None
    note: str = Field("", max_length=10_000, description="Why.")


class MoveOut(Schema):
    id: int
    status: Status
    date: dt.date | None
    note: str


def _fields(payload: Input, *, only_set: bool) -> dict[str, Any]:
    """The fields given (or all, defaults too), with ids turned into the records they name."""
    fields = payload.dict(exclude_unset=only_set)
    if "partner" in fields:
        fields["partner"] = place_by_id("partner", fields["partner"])
    if "themes" in fields:
        fields["themes"] = themes_by_code(fields["themes"])
    return fields


def _one(request: ApiRequest, pk: int) -> Partnership:
    return owned(request.auth.authority, partnership_list(request.auth.authority), pk)


@router.get("/", response={200: PartnerPage, **LIST_ERRORS}, summary="List partners")
def list_partners(request: ApiRequest, filters: Query[PartnerFilters]) -> dict[str, Any]:
    """The partners, by the partner city's name; filters as on the partners page."""
    chosen = filters.dict(include={"q", "kind", "status", "country", "continent"})
    queryset = partnership_list(request.auth.authority, chosen)
    if filters.theme:  # by its code, where the page's form gives the theme itself
        queryset = queryset.filter(themes__code=filters.theme)
    return paginate(queryset, filters)


@router.get("/{pk}", response={200: PartnerOut, **READ_ERRORS}, summary="Get a partner")
def get_partner(request: ApiRequest, pk: Id, response: HttpResponse) -> Partnership:
    """With its version as the ETag, to send back as If-Match to change it."""
    partnership = _one(request, pk)
    with_etag(response, partnership)
    return partnership


@router.post("/", response={201: PartnerOut, **WRITE_ERRORS}, summary="Create a partner")
def create_partner(
    request: ApiRequest, payload: PartnerIn, response: HttpResponse
) -> Reply[Partnership]:
    partnership = services.partnership_create(
        actor=request.user, authority=request.auth.authority, **_fields(payload, only_set=False)
    )
    with_etag(response, partnership)
    return Reply(201, _one(request, partnership.pk))


@router.patch(
    "/{pk}",
    response={200: PartnerOut, **WRITE_ERRORS, **CHANGE_ERRORS},
    summary="Change a partner",
)
def update_partner(
    request: ApiRequest,
    pk: Id,
    payload: PartnerChange,
    response: HttpResponse,
    if_match: IfMatch = IF_MATCH,
) -> Partnership:
    """Needs If-Match with the ETag of the version read; the answer has the new one."""
    partnership = _one(request, pk)
    read_at(request, partnership, if_match)
    services.partnership_update(
        actor=request.user, partnership=partnership, **_fields(payload, only_set=True)
    )
    with_etag(response, partnership)
    return _one(request, pk)


@router.post(
    "/{pk}/moves",
    response={201: MoveOut, **WRITE_ERRORS, 412: CHANGE_ERRORS[412]},
    summary="Move a partner's status",
)
def move_partner(
    request: ApiRequest, pk: Id, payload: MoveIn, if_match: IfMatch = IF_MATCH
) -> Reply[LifecycleEvent]:
    """A dated step in the partnership's life, with the reason; it sets the status. With
    If-Match, only if the partner is still at that version."""
    partnership = _one(request, pk)
    read_at(request, partnership, if_match, required=False)
    event = services.partnership_move(actor=request.user, partnership=partnership, **payload.dict())
    return Reply(201, event)


@router.delete(
    "/{pk}",
    response={204: None, **WRITE_ERRORS, 412: CHANGE_ERRORS[412]},
    summary="Delete a partner",
)
def delete_partner(request: ApiRequest, pk: Id, if_match: IfMatch = IF_MATCH) -> Reply[None]:
    """With If-Match, only if the partner is still at that version."""
    partnership = _one(request, pk)
    read_at(request, partnership, if_match, required=False)
    services.partnership_delete(actor=request.user, partnership=partnership)
    return Reply(204, None)
