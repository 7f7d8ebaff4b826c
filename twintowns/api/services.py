"""Every write to API tokens, and the one read that turns a bearer token into a caller."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from twintowns.api.models import ApiToken
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.records import Actor, record_save, record_update, require_role

TOKEN_PREFIX = "tt_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the bearer token itself; shown once, never stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, authority: Authority, label: str) -> IssuedToken:
    """Issue a token acting for `actor` in `authority`, with whatever role they hold there."""
    require_role(actor, authority, Role.VIEWER)
    assert actor.pk is not None  # require_role lets only a signed-in user through
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.pk,
        authority=authority,
        label=label,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
    )
    record_save(token, actor=actor, reason="created")
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token for good: its owner may, and so may an administrator of its authority."""
    if token.user_id != actor.pk:
        require_role(actor, token.authority, Role.ADMIN)
    if token.revoked_at is not None:
        raise PermissionDenied(_("This token is already revoked."))
    record_update(token, actor=actor, reason="revoked", revoked_at=timezone.now())
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, with `role` set to its user's current role, or None.

    One query: the role is read in the same statement, so a role removed since the token
    was issued makes the token useless at once. Marks the token used, at most once a minute.
    """
    if not secret.startswith(TOKEN_PREFIX):
        return None
    current_role = StaffRole.objects.filter(
        user=OuterRef("user"), authority=OuterRef("authority")
    ).values("role")[:1]
    token = (
        ApiToken.objects.filter(
            secret_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user", "authority")
        .annotate(role=Subquery(current_role))
        .first()
    )
    if token is None or token.role is None:  # type: ignore[attr-defined]
        return None
    _mark_used(token)
    return token


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
