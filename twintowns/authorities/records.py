"""The one path every write takes: role check, validation, save with its history entry.

A versioned record (`core.models.Versioned`) is written only if the row still holds the version
the instance carries, which is the version its editor read; see `core.models.StaleRecord`.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.core.models import StaleRecord, Versioned

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
    """Validate every field and constraint, then save, leaving who and why in the history.

    A stored versioned record is saved only if it still has the version `instance` carries;
    otherwise StaleRecord.
    """
    with transaction.atomic(savepoint=False):
        _claim(instance)
        instance.full_clean()
        _stamp(instance, actor, reason)
        instance.save()


def record_update(instance: models.Model, *, actor: Actor, reason: str = "", **fields: Any) -> bool:
    """Set `fields` (many-to-many ones too) on `instance` and save it if any differs from the
    stored record; says if it did. A change of many-to-many sets alone moves the version too.

    The stored row, not the instance, is the reference for plain fields: a bound ModelForm has
    already written its cleaned values onto the instance it was given (never its sets).
    """
    stored = type(instance)._default_manager.get(pk=instance.pk)
    sets = {name for name in fields if instance._meta.get_field(name).many_to_many}
    changed = {
        name
        for name, value in fields.items()
        if (
            set(getattr(instance, name).all()) != set(value)
            if name in sets
            else getattr(stored, name) != value
        )
    }
    if not changed:
        return False
    with transaction.atomic(savepoint=False):
        for name in fields.keys() - sets:
            setattr(instance, name, fields[name])
        if changed - sets:
            record_save(instance, actor=actor, reason=reason)
        else:
            _claim(instance)
        for name in sorted(changed & sets):
            record_m2m(instance, name, fields[name], actor=actor)
    return True


def record_delete(instance: models.Model, *, actor: Actor, reason: str = "") -> None:
    """Delete, leaving who and why in the history; a versioned record only if it still has
    the version `instance` carries (otherwise StaleRecord)."""
    with transaction.atomic(savepoint=False):
        _claim(instance)
        _stamp(instance, actor, reason)
        instance.delete()


def record_m2m(instance: models.Model, field: str, values: Any, *, actor: Actor) -> None:
    """Replace a many-to-many set; the history keeps the new set against the old one.

    For a record just made; a stored one changes its sets through `record_update`, which
    claims its version first.
    """
    _stamp(instance, actor, "")
    getattr(instance, field).set(values)


def _claim(instance: models.Model) -> None:
    """Move a stored versioned row on from the version `instance` carries, or refuse.

    One conditional UPDATE ... WHERE version = <the version read>. Two saves racing from the
    same version cannot both match: PostgreSQL makes the second wait on the first one's row
    lock and then evaluates its WHERE again on the row the first committed (no match); SQLite
    runs one writing transaction at a time (BEGIN IMMEDIATE), so the second reads the first's.
    """
    if not isinstance(instance, Versioned) or instance._state.adding:
        return
    read_version = instance.version
    rows = type(instance)._base_manager.filter(pk=instance.pk, version=read_version)
    if not rows.update(version=F("version") + 1):
        raise StaleRecord(instance, read_version)
    instance.version = read_version + 1


def _stamp(instance: models.Model, actor: Actor, reason: str) -> None:
    # django-simple-history reads these two attributes when it writes the historical row.
    instance._history_user = actor if actor.is_authenticated else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
