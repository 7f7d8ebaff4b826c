import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import MembershipFactory, OrganizationFactory
from twintowns.networks.models import Membership, Organization
from twintowns.networks.services import membership_save, organization_save

pytestmark = pytest.mark.django_db


def test_editor_records_an_organization_and_a_membership(authority, editor):
    oicc = organization_save(
        actor=editor,
        organization=Organization(
            authority=authority, name="Organization of Islamic Capitals and Cities", acronym="OICC"
        ),
    )
    membership = membership_save(
        actor=editor,
        membership=Membership(
            authority=authority, organization=oicc, role="board", since_year=2000
        ),
    )
    assert (membership.organization.acronym, membership.get_role_display()) == (
        "OICC",
        "board member",
    )
    assert membership.history.latest().history_user == editor


def test_same_organization_twice_is_refused_on_the_name(authority, editor):
    OrganizationFactory(authority=authority, name="Asian Mayors Forum")
    with pytest.raises(ValidationError) as refused:
        organization_save(
            actor=editor, organization=Organization(authority=authority, name="asian mayors forum")
        )
    assert list(refused.value.message_dict) == ["name"]
    assert Organization.objects.count() == 1


def test_second_membership_in_one_organization_is_refused(authority, editor):
    existing = MembershipFactory(organization=OrganizationFactory(authority=authority))
    with pytest.raises(ValidationError) as refused:
        membership_save(
            actor=editor,
            membership=Membership(authority=authority, organization=existing.organization),
        )
    assert list(refused.value.message_dict) == ["organization"]


def test_membership_ending_before_it_began_is_refused(authority, editor):
    organization = OrganizationFactory(authority=authority)
    with pytest.raises(ValidationError) as refused:
        membership_save(
            actor=editor,
            membership=Membership(
                authority=authority, organization=organization, since_year=2010, until_year=2005
            ),
        )
    assert list(refused.value.message_dict) == ["until_year"]
    assert Membership.objects.count() == 0


def test_membership_in_another_authoritys_organization_is_refused(
    authority, other_authority, editor
):
    foreign = OrganizationFactory(authority=other_authority)
    with pytest.raises(ValidationError):
        membership_save(
            actor=editor, membership=Membership(authority=authority, organization=foreign)
        )


def test_viewer_cannot_record_an_organization(authority, viewer):
    with pytest.raises(PermissionDenied):
        organization_save(
            actor=viewer, organization=Organization(authority=authority, name="ICLEI")
        )
    assert Organization.objects.count() == 0


def test_organization_list_counts_only_conferences_hosted(authority):
    from tests.factories import ActivityFactory
    from twintowns.activities.models import Direction, Kind
    from twintowns.networks.selectors import organization_list

    atawep = MembershipFactory(organization=OrganizationFactory(authority=authority)).organization
    for direction in (Direction.HOSTED, Direction.HOSTED, Direction.ABROAD):
        ActivityFactory(
            authority=authority, kind=Kind.CONFERENCE, direction=direction, organization=atawep
        )
    assert [(o.conference_count, o.member) for o in organization_list(authority)] == [(2, 1)]
