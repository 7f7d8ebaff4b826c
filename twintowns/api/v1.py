"""Version 1 of the REST API: its routers, and every refusal as a JSON body that says why."""

from functools import cache
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.openapi.schema import OpenAPISchema

from twintowns.api import activities, memberships, partners, places
from twintowns.api.auth import TokenAuth
from twintowns.api.common import (
    MAX_LIMIT,
    PreconditionFailed,
    PreconditionRequired,
    etag,
)
from twintowns.core.models import StaleRecord, Versioned

DESCRIPTION = f"""
The records of the authority a token acts for: partners, activities, memberships, and the
gazetteer's places. Send the token in every request as `Authorization: Bearer <token>`;
create one on the API tokens page (/api/tokens/). A token can do what its user's current
role in its authority allows: viewers read, editors and administrators also write.

Records of other authorities answer 404. Refused input answers 422, naming each field
with its message. Lists take `limit` (at most {MAX_LIMIT}) and `offset`, and give the total
`count`.

**Versions, so that no one's change is lost.** Every record has a `version`, which each change
raises; a record's GET (and a create or change) answers with it as the `ETag` header, e.g.
`ETag: "3"`. A PATCH must send the version it read back as `If-Match: "3"`: without If-Match
it answers 428, and if someone changed the record since (it is at another version) it answers
412, changes nothing, and gives the version stored now as its ETag: GET the record again,
apply your change to what it holds, and send that. The database checks the version in the same
statement that raises it, so of two clients that read the same version only one can change it.
`If-Match: *` changes whatever version is stored. DELETE and a partner's moves take If-Match
too, but do not need it.
"""


class API(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The document, made once per process and path prefix: the same for every request
        (the routes are fixed at import), and making it took over 100 ms a time."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _openapi_schema(self, path_prefix)


@cache
def _openapi_schema(api: NinjaAPI, path_prefix: str) -> OpenAPISchema:
    # Shared by every request: ninja only renders it, and nothing here changes it.
    return NinjaAPI.get_openapi_schema(api, path_prefix=path_prefix)


api = API(
    title="Twintowns API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api:v1",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
api.add_router("/partners", partners.router)
api.add_router("/activities", activities.router)
api.add_router("/memberships", memberships.router)
api.add_router("/organizations", memberships.organizations)
api.add_router("/places", places.router)


@api.exception_handler(ValidationError)
def refused_by_service(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A service's ValidationError, each message on the field it names."""
    messages = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    detail = [
        {"location": "body", "field": field, "message": message}
        for field, field_messages in messages.items()
        for message in field_messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(SchemaError)
def refused_by_schema(request: HttpRequest, error: SchemaError) -> HttpResponse:
    detail = [_field_error(e) for e in error.errors]
    return api.create_response(request, {"detail": detail}, status=422)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    # ninja's locations read ("body", "payload", "ends_on") or ("query", "limit").
    location, *path = [str(step) for step in error.get("loc", ())] or ["body"]
    if path and path[0] in ("payload", "filters"):
        path = path[1:]
    return {
        "location": location,
        "field": ".".join(path) or NON_FIELD_ERRORS,
        "message": str(error.get("msg", "")).removeprefix("Value error, "),
    }


@api.exception_handler(PreconditionRequired)
def unconditional(request: HttpRequest, error: PreconditionRequired) -> HttpResponse:
    reason = _(
        "Send If-Match with the ETag of the version you read (the record's ETag header, or "
        '"<version>"), so that a change made since by someone else is not overwritten.'
    )
    return api.create_response(request, {"detail": reason}, status=428)


@api.exception_handler(PreconditionFailed)
def changed_before(request: HttpRequest, error: PreconditionFailed) -> HttpResponse:
    return _changed_since(request, error.record, error.record.version)


@api.exception_handler(StaleRecord)
def changed_while_saving(request: HttpRequest, error: StaleRecord) -> HttpResponse:
    stored = type(error.instance)._base_manager.filter(pk=error.instance.pk)
    return _changed_since(request, error.instance, stored.values_list("version", flat=True).first())


def _changed_since(request: HttpRequest, record: Versioned, version: int | None) -> HttpResponse:
    if version is None:
        return not_found(request, Http404())
    reason = _(
        "This %(record)s was changed since the version you read: it is at version %(version)s "
        "now. Nothing was changed. GET it again, apply your change to it, and send its ETag."
    ) % {"record": record._meta.verbose_name, "version": version}
    response = api.create_response(request, {"detail": reason}, status=412)
    response["ETag"] = etag(version)
    return response


@api.exception_handler(PermissionDenied)
def refused_by_role(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    reason = str(error) or _("Your role does not allow this.")
    return api.create_response(request, {"detail": reason}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("No such record.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    reason = _("Send a valid API token: Authorization: Bearer <token>.")
    response = api.create_response(request, {"detail": reason}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response
