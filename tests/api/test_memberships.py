"""/api/v1/memberships (read and write) and /api/v1/organizations (read only)."""

from decimal import Decimal
from typing import Any

import pytest

from tests.api.conftest import ApiClient
from tests.factories import MembershipFactory, OrganizationFactory
from twintowns.authorities.models import Authority
from twintowns.networks.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 3])
def test_lists_are_a_fixed_number_of_queries(
    editor_api: ApiClient, authority: Authority, django_assert_num_queries: Any, n: int
) -> None:
    for _ in range(n):
        MembershipFactory(organization__authority=authority)
    # token with role, last use, count, page
    with django_assert_num_queries(4):
        assert editor_api.get("memberships/").json()["count"] == n
    # token with role, count, page, memberships
    with django_assert_num_queries(4):
        assert editor_api.get("organizations/").json()["count"] == n


def test_organizations_list_members_first(editor_api: ApiClient, authority: Authority) -> None:
    OrganizationFactory(authority=authority, name="Alpha network")
    MembershipFactory(organization=OrganizationFactory(authority=authority, name="UCLG-MEWA"))
    items = editor_api.get("organizations/").json()["items"]
    assert [(o["name"], o["member"]) for o in items] == [
        ("UCLG-MEWA", True),
        ("Alpha network", False),
    ]


def test_create_a_membership(editor_api: ApiClient, authority: Authority) -> None:
    organization = OrganizationFactory(authority=authority, name="Mayors for Peace")
    response = editor_api.post(
        "memberships/",
        {
            "organization": organization.pk,
            "role": "board",
            "since_year": 2009,
            "annual_dues": "1500.00",
            "dues_currency": "EUR",
        },
    )
    assert response.status_code == 201
    membership = Membership.objects.get()
    assert (membership.authority, membership.role, membership.annual_dues) == (
        authority,
        "board",
        Decimal("1500.00"),
    )
    assert response.json()["annual_dues"] == "1500.00"


def test_until_before_since_names_the_field(editor_api: ApiClient, authority: Authority) -> None:
    membership = MembershipFactory(organization__authority=authority, since_year=2010)
    response = editor_api.change(f"memberships/{membership.pk}", {"until_year": 2005})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["until_year"]
    membership.refresh_from_db()
    assert membership.until_year is None


def test_another_authoritys_organization_is_unknown(
    editor_api: ApiClient, authority: Authority, other_authority: Authority
) -> None:
    theirs = OrganizationFactory(authority=other_authority)
    response = editor_api.post("memberships/", {"organization": theirs.pk})
    assert [e["field"] for e in response.json()["detail"]] == ["organization"]
    assert Membership.objects.count() == 0


def test_patch_and_delete(editor_api: ApiClient, authority: Authority) -> None:
    membership = MembershipFactory(organization__authority=authority)
    response = editor_api.change(f"memberships/{membership.pk}", {"role": "presidium"})
    assert response.json()["role"] == "presidium"
    assert editor_api.delete(f"memberships/{membership.pk}").status_code == 204
    assert Membership.objects.count() == 0
