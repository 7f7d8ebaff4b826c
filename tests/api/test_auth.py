"""Tokens: who may call the API, for which authority, with which role."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import ApiClient, token_for
from tests.factories import PartnershipFactory, PlaceFactory, StaffRoleFactory
from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_create, api_token_revoke, hash_secret
from twintowns.authorities.models import Authority, StaffRole
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_no_token_is_401_with_the_reason(authority: Authority) -> None:
    response = ApiClient(None).get("partners/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_unknown_token_is_401(editor_role: StaffRole) -> None:
    assert ApiClient("tt_not-a-token").get("partners/").status_code == 401


def test_revoked_token_is_401(editor_role: StaffRole) -> None:
    issued = api_token_create(actor=editor_role.user, authority=editor_role.authority, label="x")
    api_token_revoke(actor=editor_role.user, token=issued.token)
    assert ApiClient(issued.secret).get("partners/").status_code == 401


def test_token_is_useless_once_the_role_is_removed(editor_role: StaffRole) -> None:
    client = ApiClient(token_for(editor_role))
    assert client.get("partners/").status_code == 200
    editor_role.delete()
    assert client.get("partners/").status_code == 401


def test_token_of_an_inactive_user_is_401(editor_role: StaffRole) -> None:
    client = ApiClient(token_for(editor_role))
    editor_role.user.is_active = False
    editor_role.user.save()
    assert client.get("partners/").status_code == 401


def test_only_a_hash_of_the_secret_is_stored(editor_role: StaffRole) -> None:
    issued = api_token_create(actor=editor_role.user, authority=editor_role.authority, label="x")
    token = ApiToken.objects.get()
    assert token.secret_hash == hash_secret(issued.secret) != issued.secret
    assert issued.secret.startswith(token.prefix)
    assert len(issued.secret) > 40


def test_last_use_is_written_at_most_once_a_minute(editor_role: StaffRole) -> None:
    client = ApiClient(token_for(editor_role))
    client.get("partners/")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get("partners/")
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    client.get("partners/")
    assert ApiToken.objects.get().last_used_at > first  # type: ignore[operator]


def test_other_authoritys_records_are_404(
    editor_api: ApiClient, other_authority: Authority
) -> None:
    theirs = PartnershipFactory(authority=other_authority)
    assert editor_api.get(f"partners/{theirs.pk}").status_code == 404
    assert editor_api.patch(f"partners/{theirs.pk}", {"notes": "x"}).status_code == 404
    assert editor_api.delete(f"partners/{theirs.pk}").status_code == 404
    assert editor_api.get("partners/").json()["count"] == 0
    assert Partnership.objects.get().notes == ""


def test_a_token_acts_for_its_own_authority_only(
    editor_role: StaffRole, other_authority: Authority
) -> None:
    StaffRoleFactory(user=editor_role.user, authority=other_authority, role="editor")
    theirs = PartnershipFactory(authority=other_authority)
    ours = PartnershipFactory(authority=editor_role.authority)
    items = ApiClient(token_for(editor_role)).get("partners/").json()["items"]
    assert [p["id"] for p in items] == [ours.pk]
    other = ApiClient(token_for(editor_role, other_authority)).get("partners/").json()["items"]
    assert [p["id"] for p in other] == [theirs.pk]


def test_viewer_cannot_write_403_with_the_reason(
    viewer_api: ApiClient, authority: Authority
) -> None:
    place = PlaceFactory()
    response = viewer_api.post("partners/", {"partner": place.pk})
    assert response.status_code == 403
    assert "editor role" in response.json()["detail"]
    assert Partnership.objects.count() == 0


def test_viewer_can_read(viewer_api: ApiClient, authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority)
    assert viewer_api.get(f"partners/{partnership.pk}").json()["id"] == partnership.pk


def test_editor_write_leaves_history_with_the_tokens_user(
    editor_api: ApiClient, editor_role: StaffRole
) -> None:
    place = PlaceFactory()
    response = editor_api.post("partners/", {"partner": place.pk, "notes": "via the API"})
    assert response.status_code == 201
    created = Partnership.objects.get().history.earliest()
    assert (created.history_type, created.history_user, created.notes) == (
        "+",
        editor_role.user,
        "via the API",
    )


def test_a_session_does_not_open_the_api(editor_client) -> None:  # type: ignore[no-untyped-def]
    # Only a token does: a signed-in browser would otherwise need CSRF protection too.
    assert editor_client.get("/api/v1/partners/").status_code == 401
