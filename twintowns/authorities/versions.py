"""Each authority's data version: a number that grows with every change to its records.

Pages computed from many records (the insights, the home page's dormant candidates, the trends
across all authorities) are kept in the cache under it (`twintowns.authorities.caching`). The
version is read with the authority on every request, so a change made through any app server is
seen by every other at once, with no cache to clear; entries of older versions simply expire.

What raises it is read from the registry of what an authority owns (`registry.py`): a save or a
delete of a record whose entry has `data`, and a change to one of its `links`, raise the version
of the record's authority in the same transaction as the change, through the ORM's signals, so
that every way of writing (the services, the admin's forms and their many-to-many sets, Django's
cascades, the shell) is caught. Bulk writes send no signals: their callers call `bump` (the
spreadsheet import does).
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from twintowns.authorities import registry
from twintowns.authorities.models import Authority


def bump(*authority_ids: int) -> None:
    Authority.objects.filter(pk__in=authority_ids).update(data_version=F("data_version") + 1)


def bump_where(**lookup: Any) -> None:
    """Bump the authorities found by `lookup`, e.g. partnerships=<id>; one UPDATE."""
    Authority.objects.filter(**lookup).update(data_version=F("data_version") + 1)


def bump_owner(entry: registry.Owned, instance: models.Model) -> None:
    """Bump the authority `instance` belongs to, following its entry's path; one UPDATE."""
    step, _, rest = entry.path.partition("__")
    if step == "pk":
        bump(instance.pk)
        return
    field: Any = entry.model._meta.get_field(step)
    parent_id = getattr(instance, field.attname)
    if parent_id is None:
        return
    if not rest:
        bump(parent_id)
        return
    bump_where(pk__in=field.related_model._default_manager.filter(pk=parent_id).values(rest))


def _changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    entry = registry.entry_for(sender)
    if entry is None or not entry.data or kwargs.get("raw"):  # raw: loading fixtures
        return
    bump_owner(entry, instance)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    entry = registry.entry_for(sender)
    # The authority's own row is gone with it: nothing to raise.
    if entry is not None and entry.data and entry.path != "pk":
        bump_owner(entry, instance)


def _linked(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    model: type[models.Model],
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if sender not in registry.link_owners():
        return
    if (mine := registry.entry_for(type(instance))) is not None:
        bump_owner(mine, instance)
    elif pk_set and (other := registry.entry_for(model)) is not None:
        # From the other side, e.g. theme.activities.add(...): the activities' authorities.
        owners = model._default_manager.filter(pk__in=pk_set).values(other.path)
        bump_where(pk__in=owners)


def connect() -> None:
    """Called once (AuthoritiesConfig.ready); the registry is read at each change."""
    post_save.connect(_changed, dispatch_uid="data-version-save")
    post_delete.connect(_deleted, dispatch_uid="data-version-delete")
    m2m_changed.connect(_linked, dispatch_uid="data-version-links")
