"""Activities: visits, meetings, cultural events, culture days, conferences."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from twintowns.activities import services
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.activities.selectors import activity_list
from twintowns.api.auth import ApiRequest
from twintowns.api.common import (
    LIST_ERRORS,
    POSITIVE_INT_MAX,
    READ_ERRORS,
    WRITE_ERRORS,
    Body,
    Id,
    Input,
    OrganizationRef,
    Page,
    PageFilters,
    Patch,
    PlaceOut,
    choices,
    owned,
    paginate,
    partial_date,
    place_by_id,
    themes_by_code,
)
from twintowns.authorities.models import Authority
from twintowns.lib.dates import Precision
from twintowns.networks.models import Organization
from twintowns.partnerships.models import Partnership

router = Router(tags=["activities"])

ActivityKind = Annotated[Kind, choices(Kind, "ActivityKind")]

Figure = int | None


class ActivityFilters(PageFilters):
    q: str = Field("", max_length=100, description="Words in the title, text, place or partners.")
    kind: ActivityKind | None = None
    direction: Direction | None = None
    year: int | None = Field(None, ge=1900, le=2100, description="Year of the start.")
    partner: Id | None = Field(None, description="Id of a partner (partnership) involved.")
    theme: str = Field("", max_length=50, description="A theme's code.")


class PartnerRef(Schema):
    id: int = Field(description="Id of the partnership.")
    name: str = Field(description="The partner city's name.")

    @staticmethod
    def resolve_name(obj: Partnership) -> str:
        return obj.partner.name


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    direction: Direction
    title: str
    description: str
    date_precision: Precision = Field(
        description="How much of the dates is known: day, month or year."
    )
    start: str | None = Field(description='The start as known: "2006", "2015-10", "2015-09-10".')
    end: str | None = Field(description="The end as known, in the same form; null if none.")
    starts_on: dt.date | None = Field(description="The first day of the start's period.")
    ends_on: dt.date | None = Field(description="The first day of the end's period.")
    place: PlaceOut | None
    partners: list[PartnerRef]
    organization: OrganizationRef | None
    reciprocal: int | None = Field(description="Id of the culture days that answer these.")
    themes: list[str] = Field(description="Codes of the themes.")
    participants: str
    outcomes: str
    participants_count: Figure
    citizens_involved: Figure
    youth_involved: Figure
    agreements_signed: Figure
    projects_started: Figure
    media_items: Figure
    is_best_practice: bool
    lessons_learned: str

    @staticmethod
    def resolve_start(obj: Activity) -> str | None:
        return partial_date(obj.starts_on, obj.date_precision)

    @staticmethod
    def resolve_end(obj: Activity) -> str | None:
        return partial_date(obj.ends_on, obj.date_precision)

    @staticmethod
    def resolve_partners(obj: Activity) -> list[Partnership]:
        return list(obj.partnerships.all())

    @staticmethod
    def resolve_reciprocal(obj: Activity) -> int | None:
        return obj.reciprocal_id

    @staticmethod
    def resolve_themes(obj: Activity) -> list[str]:
        return [t.code for t in obj.themes.all()]


class ActivityPage(Page):
    items: list[ActivityOut]


def _figure() -> Any:
    return Field(None, ge=0, le=POSITIVE_INT_MAX)


class ActivityFields(Body):
    description: str = Field("", max_length=20_000)
    starts_on: dt.date | None = Field(None, description="With date_precision year: any day of it.")
    ends_on: dt.date | None = None
    date_precision: Precision = Precision.DAY
    place: Id | None = Field(None, description="Id of a place in the gazetteer.")
    partners: list[Id] = Field([], max_length=100, description="Ids of partnerships.")
    organization: Id | None = Field(None, description="Id of an organization.")
    reciprocal: Id | None = Field(None, description="Id of the culture days answering these.")
    themes: list[str] = Field([], max_length=20, description="Codes of the themes.")
    participants: str = Field("", max_length=20_000)
    outcomes: str = Field("", max_length=20_000)
    participants_count: Figure = _figure()
    citizens_involved: Figure = _figure()
    youth_involved: Figure = _figure()
    agreements_signed: Figure = _figure()
    projects_started: Figure = _figure()
    media_items: Figure = _figure()
    is_best_practice: bool = False
    lessons_learned: str = Field("", max_length=20_000)


class ActivityIn(ActivityFields):
    title: str = Field(min_length=1, max_length=300)
    kind: ActivityKind
    direction: Direction


class ActivityChange(Patch, ActivityFields):
    """Fields left out stay as they are."""

    title: str = Field("", min_length=1, max_length=300)
    kind: ActivityKind = Kind.SITE_VISIT
    direction: Direction = Direction.INCOMING


def _fields(authority: Authority, payload: Input, *, only_set: bool) -> dict[str, Any]:
    """The fields given (or all), with ids turned into this authority's records they name."""
    fields = payload.dict(exclude_unset=only_set)
    if fields.get("place") is not None:
        fields["place"] = place_by_id("place", fields["place"])
    if "partners" in fields:
        fields["partnerships"] = _owned_all(
            authority.partnerships.select_related("partner"), fields.pop("partners"), "partners"
        )
    if fields.get("organization") is not None:
        fields["organization"] = _owned_all(
            Organization.objects.filter(authority=authority),
            [fields["organization"]],
            "organization",
        )[0]
    if fields.get("reciprocal") is not None:
        fields["reciprocal"] = _owned_all(
            Activity.objects.filter(authority=authority), [fields["reciprocal"]], "reciprocal"
        )[0]
    if "themes" in fields:
        fields["themes"] = themes_by_code(fields["themes"])
    return fields


def _owned_all(queryset: Any, ids: list[int], field: str) -> list[Any]:
    found = {record.pk: record for record in queryset.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: _("Unknown record: %(id)s.") % {"id": missing[0]}})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _one(request: ApiRequest, pk: int) -> Activity:
    return owned(request.auth.authority, activity_list(request.auth.authority), pk)


@router.get("/", response={200: ActivityPage, **LIST_ERRORS}, summary="List activities")
def list_activities(request: ApiRequest, filters: Query[ActivityFilters]) -> dict[str, Any]:
    """The activities, newest first; filters as on the activities page, and by partner."""
    chosen = filters.dict(include={"q", "kind", "direction", "year"})
    queryset = activity_list(request.auth.authority, chosen)
    if filters.theme:  # by its code, where the page's form gives the theme itself
        queryset = queryset.filter(themes__code=filters.theme)
    if filters.partner is not None:
        queryset = queryset.filter(partnerships=filters.partner)
    return paginate(queryset, filters)


@router.get("/{pk}", response={200: ActivityOut, **READ_ERRORS}, summary="Get an activity")
def get_activity(request: ApiRequest, pk: Id) -> Activity:
    return _one(request, pk)


@router.post("/", response={201: ActivityOut, **WRITE_ERRORS}, summary="Create an activity")
def create_activity(request: ApiRequest, payload: ActivityIn) -> Reply[Activity]:
    authority = request.auth.authority
    activity = services.activity_create(
        actor=request.user, authority=authority, **_fields(authority, payload, only_set=False)
    )
    return Reply(201, _one(request, activity.pk))


@router.patch("/{pk}", response={200: ActivityOut, **WRITE_ERRORS}, summary="Change an activity")
def update_activity(request: ApiRequest, pk: Id, payload: ActivityChange) -> Activity:
    authority = request.auth.authority
    services.activity_update(
        actor=request.user,
        activity=_one(request, pk),
        **_fields(authority, payload, only_set=True),
    )
    return _one(request, pk)


@router.delete("/{pk}", response={204: None, **WRITE_ERRORS}, summary="Delete an activity")
def delete_activity(request: ApiRequest, pk: Id) -> Reply[None]:
    services.activity_delete(actor=request.user, activity=_one(request, pk))
    return Reply(204, None)
