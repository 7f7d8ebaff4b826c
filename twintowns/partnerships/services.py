"""Every write to partnerships and what hangs off them."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority
from twintowns.authorities.records import (
    Actor,
    record_delete,
    record_m2m,
    record_save,
    record_update,
    require_role,
)
from twintowns.core.models import Theme
from twintowns.lib.uploads import delete_after_commit
from twintowns.partnerships.models import (
    AgreementDocument,
    Contact,
    LifecycleEvent,
    Partnership,
    Status,
)
from twintowns.places.models import Place


def _refuse_duplicate(authority: Authority, partner: Place, *, exclude_pk: int | None) -> None:
    others = Partnership.objects.filter(authority=authority, partner=partner)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {
                "partner": _("%(authority)s already has a partnership with %(partner)s.")
                % {"authority": authority.name, "partner": partner}
            }
        )


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    authority: Authority,
    partner: Place,
    themes: Iterable[Theme] = (),
    status_date: dt.date | None = None,
    **fields: Any,
) -> Partnership:
    """Record a new partnership and its first lifecycle step."""
    require_role(actor, authority)
    _refuse_duplicate(authority, partner, exclude_pk=None)
    partnership = Partnership(authority=authority, partner=partner, **fields)
    record_save(partnership, actor=actor, reason="created")
    record_m2m(partnership, "themes", themes, actor=actor)
    event = LifecycleEvent(partnership=partnership, status=partnership.status, date=status_date)
    record_save(event, actor=actor)
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Actor, partnership: Partnership, themes: Iterable[Theme] | None = None, **fields: Any
) -> Partnership:
    """Change a partnership's facts. Its status changes only through `partnership_move`."""
    require_role(actor, partnership.authority)
    if "status" in fields:
        raise ValueError("use partnership_move to change the status")
    if "partner" in fields:
        _refuse_duplicate(partnership.authority, fields["partner"], exclude_pk=partnership.pk)
    if themes is not None:
        fields["themes"] = list(themes)
    record_update(partnership, actor=actor, **fields)
    return partnership


@transaction.atomic
def partnership_move(
    *, actor: Actor, partnership: Partnership, status: str, date: dt.date | None, note: str = ""
) -> LifecycleEvent:
    """Move a partnership to a new lifecycle status, dated, with the reason why."""
    require_role(actor, partnership.authority)
    event = LifecycleEvent(partnership=partnership, status=status, date=date, note=note)
    record_save(event, actor=actor)
    record_update(partnership, actor=actor, reason=note, status=Status(status))
    return event


@transaction.atomic
def partnership_delete(*, actor: Actor, partnership: Partnership) -> None:
    require_role(actor, partnership.authority)
    record_delete(partnership, actor=actor)


@transaction.atomic
def contact_save(*, actor: Actor, contact: Contact) -> Contact:
    """Create or change a contact of a partnership."""
    require_role(actor, contact.partnership.authority)
    record_save(contact, actor=actor)
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor, contact: Contact) -> None:
    require_role(actor, contact.partnership.authority)
    record_delete(contact, actor=actor)


@transaction.atomic
def agreement_save(*, actor: Actor, document: AgreementDocument) -> AgreementDocument:
    """Create or change an agreement document; the upload is checked by the model's validators."""
    require_role(actor, document.partnership.authority)
    record_save(document, actor=actor)
    return document


@transaction.atomic
def agreement_delete(*, actor: Actor, document: AgreementDocument) -> None:
    require_role(actor, document.partnership.authority)
    record_delete(document, actor=actor)
    delete_after_commit(document.file)
