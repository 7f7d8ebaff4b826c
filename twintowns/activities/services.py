"""Every write to activities, their attachments and the pairing of reciprocal culture days."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity, Attachment, Kind
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
from twintowns.lib.text import fold
from twintowns.lib.uploads import delete_after_commit
from twintowns.partnerships.models import Partnership


def _check_links(
    authority: Authority, partnerships: list[Partnership], fields: dict[str, Any]
) -> None:
    """Partners, organization and reciprocal days must all be the same authority's own."""
    foreign = [p for p in partnerships if p.authority_id != authority.pk]
    if foreign:
        raise ValidationError(
            {"partnerships": _("Unknown partner: %(name)s.") % {"name": foreign[0]}}
        )
    organization = fields.get("organization")
    if organization is not None and organization.authority_id != authority.pk:
        raise ValidationError(
            {"organization": _("Unknown organization: %(name)s.") % {"name": organization}}
        )


def _search_text(activity: Activity, partnerships: Iterable[Partnership]) -> str:
    parts = [activity.title, activity.description, activity.outcomes, activity.lessons_learned]
    if activity.place:
        parts.append(activity.place.name)
    parts.extend(p.partner.name for p in partnerships)
    return fold(" ".join(parts))


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    authority: Authority,
    partnerships: Iterable[Partnership] = (),
    themes: Iterable[Theme] = (),
    **fields: Any,
) -> Activity:
    """Record an activity with the partners involved and its themes."""
    require_role(actor, authority)
    partnerships = list(partnerships)
    _check_links(authority, partnerships, fields)
    activity = Activity(authority=authority, **fields)
    if activity.reciprocal is not None:
        _check_pairable(activity, activity.reciprocal)
    activity.search_text = _search_text(activity, partnerships)
    record_save(activity, actor=actor, reason="created")
    record_m2m(activity, "partnerships", partnerships, actor=actor)
    record_m2m(activity, "themes", themes, actor=actor)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    partnerships: Iterable[Partnership] | None = None,
    themes: Iterable[Theme] | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity's facts, partners and themes."""
    require_role(actor, activity.authority)
    current = list(activity.partnerships.select_related("partner"))
    chosen = current if partnerships is None else list(partnerships)
    _check_links(activity.authority, chosen, fields)
    if fields.get("reciprocal") is not None:
        _check_pairable(activity, fields["reciprocal"])
    if partnerships is not None:
        fields["partnerships"] = chosen
    if themes is not None:
        fields["themes"] = list(themes)
    record_update(activity, actor=actor, **fields)
    _refresh_search_text(activity, chosen)
    return activity


def _refresh_search_text(activity: Activity, partnerships: Iterable[Partnership]) -> None:
    # Derived and kept out of the history, so a plain update is enough.
    text = _search_text(activity, partnerships)
    if text != activity.search_text:
        activity.search_text = text
        Activity.objects.filter(pk=activity.pk).update(search_text=text)


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    require_role(actor, activity.authority)
    files = [a.file for a in activity.attachments.all()]
    record_delete(activity, actor=actor)
    for stored in files:
        delete_after_commit(stored)


@transaction.atomic
def culture_days_pair(*, actor: Actor, first: Activity, answer: Activity | None) -> Activity:
    """Link culture days with the other city's days that answer them (or unlink with None)."""
    require_role(actor, first.authority)
    if answer is not None:
        _check_pairable(first, answer)
    record_update(first, actor=actor, reciprocal=answer)
    return first


def _check_pairable(first: Activity, answer: Activity) -> None:
    if answer.authority_id != first.authority_id or answer.pk == first.pk:
        raise ValidationError({"reciprocal": _("Choose other culture days of this authority.")})
    if Kind.CULTURE_DAYS not in (first.kind, answer.kind) or first.kind != answer.kind:
        raise ValidationError(
            {"reciprocal": _("Only culture days can be paired with culture days.")}
        )
    if Activity.objects.filter(reciprocal=answer).exclude(pk=first.pk).exists():
        raise ValidationError({"reciprocal": _("The days chosen already answer other days.")})
    # A record being created answers nothing yet (and cannot be filtered on before it is saved).
    if first.pk is not None and _answers_others(first, answer):
        raise ValidationError({"reciprocal": _("These culture days already answer others.")})


def _answers_others(first: Activity, answer: Activity) -> bool:
    return Activity.objects.filter(reciprocal=first).exclude(pk=answer.pk).exists()


@transaction.atomic
def attachment_add(*, actor: Actor, attachment: Attachment) -> Attachment:
    """Attach a photo or document; type, size and content are checked before anything is kept."""
    require_role(actor, attachment.activity.authority)
    record_save(attachment, actor=actor)
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    require_role(actor, attachment.activity.authority)
    record_delete(attachment, actor=actor)
    delete_after_commit(attachment.file)
