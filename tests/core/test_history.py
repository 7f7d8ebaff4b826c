"""History pages that broke: a dismissal's, and the admin's for records whose parent is gone."""

import pytest
from django.test import Client

from tests.factories import OrganizationFactory, PlaceFactory
from twintowns.authorities.models import StaffRole
from twintowns.directory.services import dismissal_create
from twintowns.networks.models import Membership
from twintowns.networks.services import membership_save, organization_delete

pytestmark = pytest.mark.django_db


def _staff_client(role: StaffRole) -> Client:
    role.user.is_staff = True
    role.user.save()
    client = Client()
    client.force_login(role.user)
    return client


def test_the_history_of_a_dismissal_says_who_marked_it_and_why(authority, editor_role):
    dismissal = dismissal_create(
        actor=editor_role.user, authority=authority, place=PlaceFactory(name="Sofia, Ohio")
    )
    client = Client()
    client.force_login(editor_role.user)

    response = client.get(f"/history/dismissal/{dismissal.pk}/")

    entries = [(e.kind, e.user, e.reason) for e in response.context["entries"]]
    assert entries == [("+", editor_role.user, "not a partnership")]
    assert response.context["back_url"] == "/network/reconcile/"


def test_the_admin_history_of_a_membership_whose_organization_was_deleted_names_it(
    authority, admin_role
):
    organization = OrganizationFactory(authority=authority, name="UCLG-MEWA")
    membership = membership_save(
        actor=admin_role.user,
        membership=Membership(authority=authority, organization=organization, since_year=2004),
    )
    membership_pk = membership.pk
    organization_delete(actor=admin_role.user, organization=organization)

    response = _staff_client(admin_role).get(f"/admin/networks/membership/{membership_pk}/history/")

    assert str(response.context["object"]) == "UCLG-MEWA"
    assert [str(v.history_object) for v in response.context["page_obj"]] == ["UCLG-MEWA"] * 2
    assert [v.history_type for v in response.context["page_obj"]] == ["-", "+"]
