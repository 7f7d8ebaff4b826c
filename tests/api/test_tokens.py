"""The API tokens page, the token services and the OpenAPI document and docs page."""

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.api.conftest import ApiClient
from tests.factories import StaffRoleFactory, UserFactory
from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_create, api_token_revoke
from twintowns.authorities.models import Authority, StaffRole

pytestmark = pytest.mark.django_db


def test_page_creates_a_token_and_shows_it_once(editor_client: Client, editor: Any) -> None:
    response = editor_client.post("/api/tokens/", {"label": "Open data portal"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(tt_[^"]+)"', response.content.decode())
    assert secret is not None
    token = ApiToken.objects.get()
    assert (token.user, token.label) == (editor, "Open data portal")
    assert ApiClient(secret.group(1)).get("partners/").status_code == 200
    listed = editor_client.get("/api/tokens/").content.decode()
    assert "Open data portal" in listed
    assert secret.group(1) not in listed


def test_page_refuses_an_empty_label(editor_client: Client) -> None:
    response = editor_client.post("/api/tokens/", {"label": ""})
    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_page_lists_only_ones_own_tokens(
    editor_client: Client, editor_role: StaffRole, viewer_role: StaffRole
) -> None:
    api_token_create(actor=viewer_role.user, authority=viewer_role.authority, label="Theirs")
    api_token_create(actor=editor_role.user, authority=editor_role.authority, label="Mine")
    page = editor_client.get("/api/tokens/").content.decode()
    assert "Mine" in page
    assert "Theirs" not in page


def test_page_revokes_and_the_history_says_who(
    editor_client: Client, editor_role: StaffRole
) -> None:
    issued = api_token_create(actor=editor_role.user, authority=editor_role.authority, label="x")
    response = editor_client.post(f"/api/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert token.history.latest().history_user == editor_role.user
    assert ApiClient(issued.secret).get("partners/").status_code == 401


def test_someone_elses_token_cannot_be_revoked_on_the_page(
    editor_client: Client, viewer_role: StaffRole
) -> None:
    issued = api_token_create(actor=viewer_role.user, authority=viewer_role.authority, label="x")
    assert editor_client.post(f"/api/tokens/{issued.token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_may_revoke_a_colleagues_token(
    admin_role: StaffRole, viewer_role: StaffRole
) -> None:
    issued = api_token_create(actor=viewer_role.user, authority=viewer_role.authority, label="x")
    api_token_revoke(actor=admin_role.user, token=issued.token)
    assert ApiToken.objects.get().revoked_at is not None


def test_an_editor_may_not_revoke_a_colleagues_token(
    editor_role: StaffRole, viewer_role: StaffRole
) -> None:
    issued = api_token_create(actor=viewer_role.user, authority=viewer_role.authority, label="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=editor_role.user, token=issued.token)
    assert ApiToken.objects.get().revoked_at is None


def test_no_token_for_an_authority_without_a_role(
    authority: Authority, other_authority: Authority
) -> None:
    role = StaffRoleFactory(authority=authority, user=UserFactory(username="someone"))
    with pytest.raises(PermissionDenied):
        api_token_create(actor=role.user, authority=other_authority, label="x")
    assert ApiToken.objects.count() == 0


def test_openapi_document_names_every_operation(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert (document["info"]["title"], document["info"]["version"]) == ("Twintowns API", "1")
    operations = {
        f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops
    }
    assert operations == {
        "GET /api/v1/partners/",
        "POST /api/v1/partners/",
        "GET /api/v1/partners/{pk}",
        "PATCH /api/v1/partners/{pk}",
        "DELETE /api/v1/partners/{pk}",
        "POST /api/v1/partners/{pk}/moves",
        "GET /api/v1/activities/",
        "POST /api/v1/activities/",
        "GET /api/v1/activities/{pk}",
        "PATCH /api/v1/activities/{pk}",
        "DELETE /api/v1/activities/{pk}",
        "GET /api/v1/memberships/",
        "POST /api/v1/memberships/",
        "GET /api/v1/memberships/{pk}",
        "PATCH /api/v1/memberships/{pk}",
        "DELETE /api/v1/memberships/{pk}",
        "GET /api/v1/organizations/",
        "GET /api/v1/places/",
        "GET /api/v1/places/{pk}",
    }
    assert document["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_docs_page_loads_nothing_from_elsewhere_and_runs_no_inline_script(
    client: Client,
) -> None:
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/ninja/") for s in sources)
    # The only inline <script> holds JSON settings, which a browser does not run.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']


def test_admin_lists_the_authoritys_tokens_and_revokes_them(
    admin_role: StaffRole, viewer_role: StaffRole, other_authority: Authority
) -> None:
    issued = api_token_create(actor=viewer_role.user, authority=viewer_role.authority, label="x")
    outsider = StaffRoleFactory(authority=other_authority, user=UserFactory(username="outsider"))
    api_token_create(actor=outsider.user, authority=other_authority, label="Theirs")
    admin_role.user.is_staff = True
    admin_role.user.save()
    client = Client()
    client.force_login(admin_role.user)
    listed = client.get("/admin/api/apitoken/").content.decode()
    assert issued.token.prefix in listed
    assert "Theirs" not in listed
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert issued.token.history.latest().history_user == admin_role.user
