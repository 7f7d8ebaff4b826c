"""The one path every write takes: role check, validation, save with its history entry."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority, Role, StaffRole

Actor = AbstractBaseUser | AnonymousUser


def require_role(actor: Actor, authority: Authority, needed: str = Role.EDITOR) -> None:
    """Refuse, with a reason a person can read, unless `actor` holds `needed` in `authority`."""
    role = (
        StaffRole.objects.filter(user_id=actor.pk, authority=authority).first()
        if actor.is_authenticated
        else None
    )
    if role is None or not role.allows(needed):
        raise PermissionDenied(
            _("Your role does not allow this change: it needs the %(role)s role in %(authority)s.")
            % {"role": Role(needed).label, "authority": authority.name}
        )


def record_save(instance: models.Model, *, actor: Actor, reason: str = "") -> None:
    """Validate every field and constraint, then save, leaving who and why in the history."""
    instance.full_clean()
    _stamp(instance, actor, reason)
    instance.save()


def record_update(instance: models.Model, *, actor: Actor, reason: str = "", **fields: Any) -> bool:
    """Set `fields` on `instance` and save it if any differs from the stored row; says if it did.

    The stored row, not the instance, is the reference: a bound ModelForm has already written
    its cleaned values onto the instance it was given.
    """
    stored = type(instance)._default_manager.get(pk=instance.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name, value in fields.items():
        setattr(instance, name, value)
    if changed:
        record_save(instance, actor=actor, reason=reason)
    return bool(changed)


def record_delete(instance: models.Model, *, actor: Actor, reason: str = "") -> None:
    _stamp(instance, actor, reason)
    instance.delete()


def record_m2m(instance: models.Model, field: str, values: Any, *, actor: Actor) -> None:
    """Replace a many-to-many set; the history keeps the new set against the old one."""
    _stamp(instance, actor, "")
    getattr(instance, field).set(values)


def _stamp(instance: models.Model, actor: Actor, reason: str) -> None:
    # django-simple-history reads these two attributes when it writes the historical row.
    instance._history_user = actor if actor.is_authenticated else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
