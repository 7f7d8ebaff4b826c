"""Every operation of the OpenAPI document, fed generated requests: no server error, and every
answer as the document says (status, content type, body), with and without a valid token."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ActivityFactory, MembershipFactory, PartnershipFactory
from twintowns.api.models import ApiToken
from twintowns.api.services import PREFIX_LENGTH, hash_secret
from twintowns.authorities.models import Authority, StaffRole
from twintowns.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.phases.coverage.enabled = False


# Known in advance, because schemathesis asks for it while collecting, before any database.
EDITOR_SECRET = "tt_schemathesis-editor-token"


@schema.auth()
class EditorToken:
    """The token of the test's editor, made by the `editor_token` fixture."""

    def get(self, case: Any, context: Any) -> str:
        return EDITOR_SECRET

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(autouse=True)
def _connection_kept() -> Iterator[None]:
    # Django closes the connection at the end of each request, which would end the test's
    # transaction on PostgreSQL; its own test client does the same as this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor_role: StaffRole) -> None:
    ApiToken.objects.create(
        user=editor_role.user,
        authority=editor_role.authority,
        label="schemathesis",
        prefix=EDITOR_SECRET[:PREFIX_LENGTH],
        secret_hash=hash_secret(EDITOR_SECRET),
    )


@pytest.fixture
def records(authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority)
    ActivityFactory(authority=authority, partnerships=[partnership])
    MembershipFactory(organization__authority=authority)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same cases on every run, so CI is reproducible
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented(case: Any, editor_token: None, records: None) -> None:
    # A schema cannot say "an id that exists" or "the end after the start", so data valid by
    # the schema alone may rightly get a 422 naming the field; every other check runs.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
