"""Writes to authorities and to who may do what in them."""

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.records import Actor, record_save, record_update, require_role

logger = logging.getLogger(__name__)


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


@transaction.atomic
def staff_role_invite(
    *, actor: Actor, authority: Authority, email: str, role: str, absolute: Callable[[str], str]
) -> StaffRole:
    """Give a role to someone who has no account yet: make one for `email`, without a password,
    and, once saved, e-mail them a link to choose theirs (`absolute` makes it a full URL)."""
    require_role(actor, authority, Role.ADMIN)
    user = User(username=email, email=email)
    user.set_unusable_password()
    record_save(user, actor=actor, reason="invited")
    staff_role = staff_role_set(actor=actor, authority=authority, user=user, role=role)
    link = absolute(
        reverse(
            "password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )
    transaction.on_commit(partial(_send_invitation, staff_role, actor, link))
    return staff_role


def _send_invitation(staff_role: StaffRole, actor: Actor, link: str) -> None:
    values = {
        "authority": staff_role.authority.name,
        "role": staff_role.get_role_display(),
        "actor": actor.get_username(),
        "username": staff_role.user.username,
        "link": link,
    }
    body = (
        _(
            "%(actor)s gave you the %(role)s role in %(authority)s on Twintowns.\n\n"
            "Choose your password here (the link works once, for a few days):\n%(link)s\n\n"
            "Then sign in with the user name %(username)s."
        )
        % values
    )
    try:
        send_mail(_("Your account on Twintowns"), body, None, [staff_role.user.email])
    except OSError:  # smtplib's errors are OSErrors: the account stands, the mail can be resent
        logger.exception("The invitation to %s could not be sent", staff_role.user.email)


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
