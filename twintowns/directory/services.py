"""The only writes an office makes to the directory's side: marking a public twinning of its
city as not one of its partnerships, and taking that back."""

from django.db import transaction

from twintowns.authorities.models import Authority
from twintowns.authorities.records import Actor, record_delete, record_save, require_role
from twintowns.directory.models import Dismissal
from twintowns.places.models import Place


@transaction.atomic
def dismissal_create(
    *, actor: Actor, authority: Authority, place: Place, reason: str = ""
) -> Dismissal:
    require_role(actor, authority)
    dismissal = Dismissal(
        authority=authority,
        place=place,
        reason=reason,
        created_by_id=actor.pk if actor.is_authenticated else None,
    )
    record_save(dismissal, actor=actor, reason="not a partnership")
    return dismissal


@transaction.atomic
def dismissal_delete(*, actor: Actor, dismissal: Dismissal) -> None:
    require_role(actor, dismissal.authority)
    record_delete(dismissal, actor=actor, reason="offered again")
