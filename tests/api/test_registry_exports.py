"""What the registry of what an authority owns marks `exported` is what the API gives out:
each such model has a list, which holds the authority's own records and no other's."""

import pytest

from tests.api.conftest import ApiClient
from tests.records import MODEL_KINDS, office_with_every_record
from twintowns.activities.models import Activity
from twintowns.authorities.registry import owned
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Partnership

# The API's list of each model it gives out.
API_LISTS = {
    Partnership: "partners/",
    Activity: "activities/",
    Organization: "organizations/",
    Membership: "memberships/",
}


def test_the_models_the_api_lists_are_those_the_registry_marks_exported() -> None:
    exported = {entry.model for entry in owned() if entry.exported}

    assert set(API_LISTS) == exported


@pytest.mark.django_db
def test_each_exported_model_is_listed_with_the_authoritys_records_and_no_others() -> None:
    ankara = office_with_every_record("ankara", "Amark")
    izmir = office_with_every_record("izmir", "Imark")
    api = ApiClient(ankara.api_secret)

    listed = {}
    for model, path in API_LISTS.items():
        response = api.get(path, {"limit": 100})
        assert response.status_code == 200, path
        listed[model] = {item["id"] for item in response.json()["items"]}

    kinds = {model: MODEL_KINDS[model] for model in API_LISTS}
    assert {m: set(ankara.records[k]) <= listed[m] for m, k in kinds.items()} == dict.fromkeys(
        API_LISTS, True
    )
    assert {m: listed[m] & set(izmir.records[k]) for m, k in kinds.items()} == {
        m: set() for m in API_LISTS
    }
