"""Every write of the exchange app: calendar feeds made and revoked."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority
from twintowns.authorities.records import Actor, record_save, record_update, require_role
from twintowns.exchange.models import CalendarFeed, token_hash


@transaction.atomic
def calendar_feed_create(
    *, actor: Actor, authority: Authority, label: str, language: str
) -> tuple[CalendarFeed, str]:
    """Make a feed and return it with its token, which is kept nowhere else: show it now."""
    require_role(actor, authority)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        authority=authority,
        label=label,
        language=language,
        token_hash=token_hash(token),
        token_prefix=token[:6],
        created_by_id=actor.pk,
    )
    record_save(feed, actor=actor)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor, feed: CalendarFeed) -> None:
    """Stop the feed's URL from answering; calendars subscribed to it stop updating."""
    require_role(actor, feed.authority)
    if feed.is_revoked:
        raise ValidationError(_("This feed was already revoked."))
    record_update(feed, actor=actor, reason="revoked", revoked_at=timezone.now())
