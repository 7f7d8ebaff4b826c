"""What every endpoint shares: id and text types, pagination, the error bodies."""

from functools import cache
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet, TextChoices
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from ninja import Field, Header, Schema
from ninja.schema import DjangoGetter
from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from twintowns.authorities.models import Authority
from twintowns.authorities.records import require_role
from twintowns.core.models import Theme, Versioned
from twintowns.places.models import Place

# Ids are 64-bit in both databases; a larger number would overflow the driver, not miss a row.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_OFFSET = 1_000_000_000
POSITIVE_INT_MAX = 2_147_483_647  # PositiveIntegerField's range on every backend


class Input(Schema):
    """A request's data. Text that no database column can hold is refused by name."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else [value]:
            # PostgreSQL refuses NUL in text; lone surrogates cannot be encoded as UTF-8.
            if isinstance(text, str) and ("\x00" in text or not _encodable(text)):
                raise ValueError("contains a character that cannot be stored")
        return value


class Body(Input):
    """A request's JSON body, taken as JSON typed it: no "5" for 5, no 0 for a date.

    pydantic's lax mode would turn those into values, so a client's mistake would be stored
    as something it did not mean; the field's JSON types in the OpenAPI document decide.
    """

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        # ninja hands the parsed JSON over wrapped, and reads a list as an empty object.
        if not isinstance(data._obj if isinstance(data, DjangoGetter) else data, dict):
            raise ValueError("the body must be a JSON object")
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _json_typed(cls, value: Any, info: ValidationInfo) -> Any:
        allowed, allowed_items = _json_types_of(cls).get(info.field_name or "", (None, None))
        if allowed is not None and _json_type(value) not in allowed:
            raise ValueError(f"expected JSON {' or '.join(sorted(allowed))}")
        if isinstance(value, list) and allowed_items and not _all_typed(value, allowed_items):
            raise ValueError(f"expected items of JSON {' or '.join(sorted(allowed_items))}")
        return value


def _without_defaults(schema: dict[str, Any]) -> None:
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class Patch(Body):
    """A PATCH body: fields left out stay as they are. Its defaults only fill in the types,
    are never used (the endpoint reads the fields set), and are left out of the document."""

    model_config = ConfigDict(json_schema_extra=_without_defaults)


Types = frozenset[str] | None


@cache
def _json_types_of(model: type[Schema]) -> dict[str, tuple[Types, Types]]:
    """Each field's JSON types, and its items' if it is an array, from the model's schema."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    return {
        name: (
            frozenset(_types(part, definitions)),
            frozenset(_types(part["items"], definitions)) if "items" in part else None,
        )
        for name, part in schema.get("properties", {}).items()
    }


def _types(schema: dict[str, Any], definitions: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        return _types(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    found = {schema["type"]} if "type" in schema else set()
    for key in ("anyOf", "allOf", "oneOf"):
        for part in schema.get(key, []):
            found |= _types(part, definitions)
    return found | ({"integer"} if "number" in found else set())


def _all_typed(items: list[Any], allowed: frozenset[str]) -> bool:
    return all(_json_type(item) in allowed for item in items)


def _json_type(value: Any) -> str:
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return "object"


# bool before int: True is an int to Python, not to JSON.
_JSON_TYPES = (
    (type(None), "null"),
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The most records a list gives at once. Even after its reading and writing were made three
# times faster, a page of 500 activities took a median of 85-120 ms and a p95 of 230 ms (SQLite,
# metro, on two busy cores): over the 150 ms every page keeps to, where 200 stay well inside.
# Reading everything is the exports' work.
MAX_LIMIT = 200


class PageFilters(Input):
    limit: int = Field(
        50, ge=1, le=MAX_LIMIT, description=f"How many records to return, at most {MAX_LIMIT}."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many records to skip first.")


class Page(Schema):
    count: int = Field(description="How many records match the filters, on every page.")
    limit: int
    offset: int


def paginate(queryset: QuerySet[Any], filters: PageFilters) -> dict[str, Any]:
    """One page of `queryset` with the total count: two queries, plus its prefetches."""
    return {
        "count": queryset.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(queryset[filters.offset : filters.offset + filters.limit]),
    }


class Message(Schema):
    detail: str = Field(description="Why the request was refused, in words a person can read.")


class FieldError(Schema):
    location: str = Field(description="Where the value was: body, query or path.")
    field: str = Field(description="The field named, or __all__ for the record as a whole.")
    message: str


class Invalid(Schema):
    detail: list[FieldError]


# A change answers 428 without If-Match, 412 when the record has another version now.
CHANGE_ERRORS: dict[int, type[Schema]] = {412: Message, 428: Message}
READ_ERRORS: dict[int, type[Schema]] = {401: Message, 404: Message, 422: Invalid}
LIST_ERRORS: dict[int, type[Schema]] = {401: Message, 422: Invalid}
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: Message,
    401: Message,
    403: Message,
    404: Message,
    422: Invalid,
}


def choices(enum: type[TextChoices], title: str) -> WithJsonSchema:
    """An enum's schema under a name of its own: two apps each have a `Kind`."""
    return WithJsonSchema({"type": "string", "enum": list(enum.values), "title": title})


# A record read from its model's attributes by pydantic's own compiled code, where a ninja
# Schema reads each field in Python: thousands of them in a page of 500 activities. (Not a
# docstring: the OpenAPI document would show it.)
class Record(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OrganizationRef(Record):
    id: int
    name: str
    acronym: str


class CountryOut(Record):
    code: str
    name: str
    name_tr: str
    continent: str


class PlaceOut(Record):
    id: int
    geonameid: int | None
    name: str
    country: CountryOut
    latitude: float
    longitude: float
    population: int


def owned[M: Model](authority: Authority, queryset: QuerySet[M], pk: int) -> M:
    """The authority's record, or 404 as if it did not exist."""
    return get_object_or_404(queryset.filter(authority=authority), pk=pk)


def themes_by_code(codes: list[str]) -> list[Theme]:
    themes = list(Theme.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in themes})
    if missing:
        raise ValidationError({"themes": _("Unknown theme: %(code)s.") % {"code": missing[0]}})
    return themes


def place_by_id(field: str, pk: int) -> Place:
    place = Place.objects.select_related("country").filter(pk=pk).first()
    if place is None:
        raise ValidationError({field: _("Unknown place: %(id)s.") % {"id": pk}})
    return place


# -- Versions: ETag out, If-Match in ---------------------------------------------------------

IfMatch = str | None

IF_MATCH = Header(
    None,
    alias="If-Match",
    max_length=1_000,
    description='The ETag of the version you read, e.g. "3" (quotes included); or * to '
    "change whatever version is stored.",
)


class PreconditionRequired(Exception):
    """A change sent without If-Match (428)."""


class PreconditionFailed(Exception):
    """A change whose If-Match names a version the record no longer has (412)."""

    def __init__(self, record: Versioned) -> None:
        super().__init__(f"{type(record).__name__} {record.pk} is at version {record.version}")
        self.record = record


def etag(version: int) -> str:
    """A record's version as its ETag: "3"."""
    return quote_etag(str(version))


def with_etag(response: HttpResponse, record: Versioned) -> None:
    response["ETag"] = etag(record.version)


def read_at(
    request: HttpRequest, record: Versioned, if_match: str | None, *, required: bool = True
) -> None:
    """Refuse a change unless If-Match names the version `record` has (or is *).

    The record was read by this request, so the service's save checks that version again,
    in the database: a save by someone else since this request read it is refused there.
    A request the role refuses is told that first (RFC 9110 13.2.1).
    """
    require_role(request.user, record_authority(record))
    if not if_match:
        if required:
            raise PreconditionRequired
        return
    tags = parse_etags(if_match)
    if "*" not in tags and etag(record.version) not in tags:
        raise PreconditionFailed(record)


def record_authority(record: Model) -> Authority:
    authority = getattr(record, "authority", None)
    assert isinstance(authority, Authority)
    return authority
