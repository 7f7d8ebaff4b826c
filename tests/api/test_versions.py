"""A record's version goes out as its ETag and comes back as If-Match: no change is lost."""

from typing import Any

import pytest

from tests.api.conftest import ApiClient, token_for
from tests.factories import ActivityFactory, MembershipFactory, PartnershipFactory
from tests.races import saved_first_by_someone_else
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority, StaffRole
from twintowns.networks.models import Membership
from twintowns.partnerships.models import Partnership
from twintowns.partnerships.services import partnership_update

pytestmark = pytest.mark.django_db

# Each kind of record the API changes: its path, a maker, and a text field to change.
RECORDS = [
    ("partners", lambda a: PartnershipFactory(authority=a, notes="read"), Partnership, "notes"),
    ("activities", lambda a: ActivityFactory(authority=a, outcomes="read"), Activity, "outcomes"),
    ("memberships", lambda a: MembershipFactory(organization__authority=a, notes="read"),
     Membership, "notes"),
]  # fmt: skip
IDS = [path for path, *_ in RECORDS]


@pytest.fixture
def second_api(authority: Authority, editor_role: StaffRole) -> ApiClient:
    """Another client of the same office, e.g. a script beside the editor's own tool."""
    return ApiClient(token_for(editor_role))


def _stored(model: Any, pk: int, name: str) -> tuple[Any, int]:
    record = model.objects.get(pk=pk)
    return getattr(record, name), record.version


@pytest.mark.parametrize(("path", "make", "model", "name"), RECORDS, ids=IDS)
def test_a_record_read_gives_its_version_as_etag_and_a_change_gives_the_next(
    editor_api: ApiClient, authority: Authority, path: str, make: Any, model: Any, name: str
) -> None:
    record = make(authority)

    read = editor_api.get(f"{path}/{record.pk}")
    changed = editor_api.patch(f"{path}/{record.pk}", {name: "changed"}, if_match=read["ETag"])

    assert (read["ETag"], read.json()["version"]) == ('"1"', 1)
    assert (changed.status_code, changed["ETag"], changed.json()["version"]) == (200, '"2"', 2)
    assert _stored(model, record.pk, name) == ("changed", 2)


@pytest.mark.parametrize(("path", "make", "model", "name"), RECORDS, ids=IDS)
def test_a_change_from_a_version_changed_since_is_412_and_changes_nothing(
    editor_api: ApiClient,
    second_api: ApiClient,
    authority: Authority,
    path: str,
    make: Any,
    model: Any,
    name: str,
) -> None:
    record = make(authority)
    url = f"{path}/{record.pk}"
    first_read, second_read = editor_api.get(url)["ETag"], second_api.get(url)["ETag"]
    editor_api.patch(url, {name: "the first client's"}, if_match=first_read)

    late = second_api.patch(url, {name: "the second client's"}, if_match=second_read)

    assert (late.status_code, late["ETag"]) == (412, '"2"')
    assert late.json()["detail"] == (
        f"This {model._meta.verbose_name} was changed since the version you read: it is at "
        "version 2 now. Nothing was changed. GET it again, apply your change to it, and send "
        "its ETag."
    )
    assert _stored(model, record.pk, name) == ("the first client's", 2)


@pytest.mark.parametrize(("path", "make", "model", "name"), RECORDS, ids=IDS)
def test_a_change_without_if_match_is_428_and_changes_nothing(
    editor_api: ApiClient, authority: Authority, path: str, make: Any, model: Any, name: str
) -> None:
    record = make(authority)

    response = editor_api.patch(f"{path}/{record.pk}", {name: "blind"})

    assert response.status_code == 428
    assert response.json()["detail"].startswith("Send If-Match with the ETag of the version")
    assert _stored(model, record.pk, name) == ("read", 1)


def test_if_match_star_changes_whatever_version_is_stored(
    editor_api: ApiClient, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority, notes="as read", version=7)

    response = editor_api.patch(f"partners/{partnership.pk}", {"notes": "mine"}, if_match="*")

    assert (response.status_code, response["ETag"]) == (200, '"8"')
    assert _stored(Partnership, partnership.pk, "notes") == ("mine", 8)


@pytest.mark.parametrize(
    "if_match", ['W/"1"', "1", '"2"', "garbage"], ids=["weak", "unquoted", "another", "garbage"]
)
def test_if_match_must_name_the_stored_version_exactly(
    editor_api: ApiClient, authority: Authority, if_match: str
) -> None:
    partnership = PartnershipFactory(authority=authority, notes="as read")

    response = editor_api.patch(f"partners/{partnership.pk}", {"notes": "x"}, if_match=if_match)

    assert response.status_code == 412
    assert _stored(Partnership, partnership.pk, "notes") == ("as read", 1)


def test_one_of_several_etags_may_match(editor_api: ApiClient, authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority)

    response = editor_api.patch(f"partners/{partnership.pk}", {"notes": "x"}, if_match='"5", "1"')

    assert response.status_code == 200


def test_a_viewer_is_refused_for_the_role_before_any_precondition(
    viewer_api: ApiClient, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority, notes="as read")

    response = viewer_api.patch(f"partners/{partnership.pk}", {"notes": "x"})

    assert response.status_code == 403
    assert _stored(Partnership, partnership.pk, "notes") == ("as read", 1)


@pytest.mark.parametrize(("path", "make", "model", "name"), RECORDS, ids=IDS)
def test_a_delete_with_an_old_version_is_412_and_without_if_match_it_deletes(
    editor_api: ApiClient, authority: Authority, path: str, make: Any, model: Any, name: str
) -> None:
    record = make(authority)
    url = f"{path}/{record.pk}"
    read = editor_api.get(url)["ETag"]
    editor_api.patch(url, {name: "changed since"}, if_match=read)

    stale = editor_api.delete(url, if_match=read)
    blind = editor_api.delete(url)

    assert (stale.status_code, blind.status_code) == (412, 204)
    assert not model.objects.filter(pk=record.pk).exists()


def test_a_move_with_an_old_version_is_412_and_adds_no_step(
    editor_api: ApiClient, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority, status="active")
    url = f"partners/{partnership.pk}"
    read = editor_api.get(url)["ETag"]
    editor_api.patch(url, {"notes": "changed since"}, if_match=read)

    response = editor_api.client.post(
        f"/api/v1/{url}/moves",
        {"status": "dormant"},
        content_type="application/json",
        headers={**editor_api.headers, "If-Match": read},
    )

    assert response.status_code == 412
    assert (Partnership.objects.get().status, partnership.events.count()) == ("active", 0)


def test_the_openapi_document_says_how_versions_work(editor_api: ApiClient) -> None:
    document = editor_api.client.get("/api/v1/openapi.json").json()
    patch = document["paths"]["/api/v1/partners/{pk}"]["patch"]

    assert "If-Match" in document["info"]["description"]
    assert [p["name"] for p in patch["parameters"] if p["in"] == "header"] == ["If-Match"]
    assert {"412", "428"} <= set(patch["responses"])


def test_a_change_landing_after_the_if_match_check_and_before_the_write_is_412(
    editor_api: ApiClient, editor_role: StaffRole, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority, notes="as read")
    url = f"partners/{partnership.pk}"
    read = editor_api.get(url)["ETag"]

    def someone_else_saves() -> None:
        fresh = Partnership.objects.get(pk=partnership.pk)
        partnership_update(actor=editor_role.user, partnership=fresh, notes="someone else's")

    with saved_first_by_someone_else(someone_else_saves):
        response = editor_api.patch(url, {"notes": "mine"}, if_match=read)

    assert (response.status_code, response["ETag"]) == (412, '"2"')
    assert _stored(Partnership, partnership.pk, "notes") == ("someone else's", 2)
