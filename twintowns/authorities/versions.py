"""Each authority's data version: a number that grows with every change to its records.

Pages computed from many records (the insights, the home page's dormant candidates, the trends
across all authorities) are kept in the cache under it (`twintowns.core.caching`). The version
is read with the authority on every request, so a change made through any app server is seen by
every other at once, with no cache to clear; entries of older versions simply expire.

Saves, deletes and many-to-many changes of the authority's records bump it through signals, in
the same transaction as the change. Bulk writes send no signals: their callers call `bump`
(the spreadsheet import does).
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from twintowns.authorities.models import Authority


def bump(*authority_ids: int) -> None:
    Authority.objects.filter(pk__in=authority_ids).update(data_version=F("data_version") + 1)


def bump_where(**lookup: Any) -> None:
    """Bump the authorities found by `lookup`, e.g. partnerships=<id>; one UPDATE."""
    Authority.objects.filter(**lookup).update(data_version=F("data_version") + 1)


def _owned(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    authority_id = getattr(instance, "authority_id", None)
    if authority_id is not None:
        bump(authority_id)
    elif partnership_id := getattr(instance, "partnership_id", None):
        bump_where(partnerships=partnership_id)
    elif activity_id := getattr(instance, "activity_id", None):
        bump_where(activities=activity_id)


def _itself(sender: type[Authority], instance: Authority, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        bump(instance.pk)


def _links(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    model: type[models.Model],
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if authority_id := getattr(instance, "authority_id", None):
        bump(authority_id)
    elif pk_set and any(f.name == "authority" for f in model._meta.fields):
        # The other side changed, e.g. theme.activities.add(...): the activities' authorities.
        owners = model._default_manager.filter(pk__in=pk_set).values("authority_id")
        bump_where(pk__in=owners)


def connect() -> None:
    """Called once the models are loaded (AuthoritiesConfig.ready)."""
    from twintowns.activities.models import Activity, Attachment
    from twintowns.networks.models import Membership, Organization
    from twintowns.partnerships.models import (
        AgreementDocument,
        Contact,
        LifecycleEvent,
        Partnership,
    )

    # The authority's own facts (its name, its seat) show on the cached pages too.
    post_save.connect(_itself, sender=Authority, dispatch_uid="version-save-Authority")
    owned = [Partnership, LifecycleEvent, Contact, AgreementDocument, Activity, Attachment]
    for model in [*owned, Organization, Membership]:
        post_save.connect(_owned, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(_owned, sender=model, dispatch_uid=f"version-del-{model.__name__}")
    for through in (
        Activity.partnerships.through,
        Activity.themes.through,
        Partnership.themes.through,
    ):
        m2m_changed.connect(_links, sender=through, dispatch_uid=f"version-m2m-{through.__name__}")
