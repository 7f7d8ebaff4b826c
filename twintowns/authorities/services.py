"""Writes to authorities and to who may do what in them."""

from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.core.services import Actor, record_save, record_update, require_role


@transaction.atomic
def authority_update(*, actor: Actor, authority: Authority, **fields: Any) -> Authority:
    """Change the authority's profile; only its administrators may."""
    require_role(actor, authority, Role.ADMIN)
    record_update(authority, actor=actor, **fields)
    return authority


@transaction.atomic
def staff_role_set(*, actor: Actor, authority: Authority, user: User, role: str) -> StaffRole:
    """Give `user` a role in `authority` (or change it); only its administrators may."""
    require_role(actor, authority, Role.ADMIN)
    staff_role = StaffRole.objects.filter(user=user, authority=authority).first()
    if staff_role is None:
        staff_role = StaffRole(user=user, authority=authority, role=role)
        record_save(staff_role, actor=actor)
    else:
        record_update(staff_role, actor=actor, role=role)
    return staff_role


UNION_ANALYSTS = "Union analysts"


def union_analysts_group() -> Group:
    """The group that sees the totals across all authorities (made by a migration; made again
    here when a test database was flushed since)."""
    group, created = Group.objects.get_or_create(name=UNION_ANALYSTS)
    if created:
        group.permissions.add(
            Permission.objects.get(
                codename="view_union_insights", content_type__app_label="authorities"
            )
        )
    return group
