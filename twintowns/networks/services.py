"""Every write to organizations and memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twintowns.authorities.records import Actor, record_delete, record_save, require_role
from twintowns.networks.models import Membership, Organization


@transaction.atomic
def organization_save(*, actor: Actor, organization: Organization) -> Organization:
    """Create or change an international organization the authority deals with."""
    require_role(actor, organization.authority)
    duplicate = Organization.objects.filter(
        authority=organization.authority, name__iexact=organization.name
    ).exclude(pk=organization.pk)
    if duplicate.exists():
        raise ValidationError(
            {"name": _("“%(name)s” is already recorded.") % {"name": organization.name}}
        )
    record_save(organization, actor=actor)
    return organization


@transaction.atomic
def organization_delete(*, actor: Actor, organization: Organization) -> None:
    require_role(actor, organization.authority)
    record_delete(organization, actor=actor)


@transaction.atomic
def membership_save(*, actor: Actor, membership: Membership) -> Membership:
    """Create or change the authority's membership in an organization."""
    require_role(actor, membership.authority)
    if membership.organization.authority_id != membership.authority_id:
        raise ValidationError({"organization": _("Unknown organization.")})
    if (
        membership.since_year
        and membership.until_year
        and membership.until_year < membership.since_year
    ):
        raise ValidationError({"until_year": _("The end cannot be before the start.")})
    duplicate = Membership.objects.filter(
        authority=membership.authority, organization=membership.organization
    ).exclude(pk=membership.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "organization": _("There is already a membership in %(name)s.")
                % {"name": membership.organization}
            }
        )
    record_save(membership, actor=actor)
    return membership


@transaction.atomic
def membership_delete(*, actor: Actor, membership: Membership) -> None:
    require_role(actor, membership.authority)
    record_delete(membership, actor=actor)
