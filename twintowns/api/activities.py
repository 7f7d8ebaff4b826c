"""Activities: visits, meetings, cultural events, culture days, conferences."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja import Status as Reply
from pydantic import BaseModel

from twintowns.activities import services
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.activities.selectors import activity_list
from twintowns.api.auth import ApiRequest
from twintowns.api.common import (
    CHANGE_ERRORS,
    IF_MATCH,
    LIST_ERRORS,
    POSITIVE_INT_MAX,
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
    PlaceOut,
    choices,
    etag,
    owned,
    paginate,
    place_by_id,
    read_at,
    themes_by_code,
)
from twintowns.authorities.models import Authority
from twintowns.lib.dates import Precision, iso_partial
from twintowns.networks.models import Organization

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


class PartnerRef(BaseModel):
    id: int = Field(description="Id of the partnership.")
    name: str = Field(description="The partner city's name.")


# Plain pydantic, validated from activity_out()'s dicts by its own compiled code, where a
# ninja Schema reads each field of each record in Python: 40% of the time of a page of 500.
# (Not a docstring: the OpenAPI document would show it.)
class ActivityOut(BaseModel):
    id: int
    version: int = Field(description='The version of the record; its ETag is "<version>".')
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


# ActivityOut's fields that are not the activity's own attributes by the same name.
_MADE = {"start", "end", "partners", "reciprocal", "themes"}
_COPIED = [name for name in ActivityOut.model_fields if name not in _MADE]


def activities_out(activities: Sequence[Activity]) -> list[dict[str, Any]]:
    """The activities as ActivityOut reads them, with their partners and themes read in two
    queries of names (Django's prefetch makes a manager and a queryset for each activity and
    relation, which took longer than the page's own query)."""
    ids = [activity.pk for activity in activities]
    partners: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    links = Activity.partnerships.through.objects.filter(activity_id__in=ids)
    # In the order of Partnership.Meta and Theme.Meta, as a prefetch would give them.
    for activity_id, pk, name in links.order_by(
        "partnership__partner__name", "partnership_id"
    ).values_list("activity_id", "partnership_id", "partnership__partner__name"):
        partners[activity_id].append({"id": pk, "name": name})
    themes: defaultdict[int, list[str]] = defaultdict(list)
    tagged = Activity.themes.through.objects.filter(activity_id__in=ids)
    for activity_id, code in tagged.order_by("theme__name", "theme_id").values_list(
        "activity_id", "theme__code"
    ):
        themes[activity_id].append(code)
    return [activity_out(a, partners[a.pk], themes[a.pk]) for a in activities]


def activity_out(
    activity: Activity, partners: list[dict[str, Any]], themes: list[str]
) -> dict[str, Any]:
    return {
        **{name: getattr(activity, name) for name in _COPIED},
        "start": iso_partial(activity.starts_on, activity.date_precision),
        "end": iso_partial(activity.ends_on, activity.date_precision),
        "partners": partners,
        "reciprocal": activity.reciprocal_id,
        "themes": themes,
    }


def _listed(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """The list's activities without its prefetches, which activities_out() does instead, and
    without the search key, the longest column and not in the API."""
    return queryset.prefetch_related(None).defer("search_text")


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


def _one_out(request: ApiRequest, pk: int) -> dict[str, Any]:
    authority = request.auth.authority
    return activities_out([owned(authority, _listed(activity_list(authority)), pk)])[0]


@router.get("/", response={200: ActivityPage, **LIST_ERRORS}, summary="List activities")
def list_activities(request: ApiRequest, filters: Query[ActivityFilters]) -> dict[str, Any]:
    """The activities, newest first; filters as on the activities page, and by partner."""
    chosen = filters.dict(include={"q", "kind", "direction", "year"})
    queryset = activity_list(request.auth.authority, chosen)
    if filters.theme:  # by its code, where the page's form gives the theme itself
        queryset = queryset.filter(themes__code=filters.theme)
    if filters.partner is not None:
        queryset = queryset.filter(partnerships=filters.partner)
    page = paginate(_listed(queryset), filters)
    return {**page, "items": activities_out(page["items"])}


def _with_etag(response: HttpResponse, out: dict[str, Any]) -> dict[str, Any]:
    response["ETag"] = etag(out["version"])
    return out


@router.get("/{pk}", response={200: ActivityOut, **READ_ERRORS}, summary="Get an activity")
def get_activity(request: ApiRequest, pk: Id, response: HttpResponse) -> dict[str, Any]:
    """With its version as the ETag, to send back as If-Match to change it."""
    return _with_etag(response, _one_out(request, pk))


@router.post("/", response={201: ActivityOut, **WRITE_ERRORS}, summary="Create an activity")
def create_activity(
    request: ApiRequest, payload: ActivityIn, response: HttpResponse
) -> Reply[dict[str, Any]]:
    authority = request.auth.authority
    activity = services.activity_create(
        actor=request.user, authority=authority, **_fields(authority, payload, only_set=False)
    )
    return Reply(201, _with_etag(response, _one_out(request, activity.pk)))


@router.patch(
    "/{pk}",
    response={200: ActivityOut, **WRITE_ERRORS, **CHANGE_ERRORS},
    summary="Change an activity",
)
def update_activity(
    request: ApiRequest,
    pk: Id,
    payload: ActivityChange,
    response: HttpResponse,
    if_match: IfMatch = IF_MATCH,
) -> dict[str, Any]:
    """Needs If-Match with the ETag of the version read; the answer has the new one."""
    authority = request.auth.authority
    activity = _one(request, pk)
    read_at(request, activity, if_match)
    services.activity_update(
        actor=request.user, activity=activity, **_fields(authority, payload, only_set=True)
    )
    return _with_etag(response, _one_out(request, pk))


@router.delete(
    "/{pk}",
    response={204: None, **WRITE_ERRORS, 412: CHANGE_ERRORS[412]},
    summary="Delete an activity",
)
def delete_activity(request: ApiRequest, pk: Id, if_match: IfMatch = IF_MATCH) -> Reply[None]:
    """With If-Match, only if the activity is still at that version."""
    activity = _one(request, pk)
    read_at(request, activity, if_match, required=False)
    services.activity_delete(actor=request.user, activity=activity)
    return Reply(204, None)
