"""The history page of any record: who changed what, when, from which value to which.

Every version is a full snapshot, so a change is the difference between two neighbours.
All versions, their many-to-many rows and the records their values point to are read in a
fixed number of queries, however long the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

# Not facts of the record: a search key derived from them, and the count of its saves.
UNSHOWN = ("search_text", "version")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: Any
    user: Any
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[Change] = field(default_factory=list)


class ChangeHistory(HistoricalRecords):
    """The history of models that Django's admin and many code paths save, not our services
    alone (users, groups, themes): only what changes them is a version.

    A save that changes nothing tracked leaves no version: a sign-in (it writes `last_login`
    only), the demo or a migration saving the themes again. So does an empty many-to-many
    change (adding a user to a group they are in). A change made from the other side
    (`group.user_set.add(user)`) is recorded on each record it changed, where
    django-simple-history would fail (its issue #1048).
    """

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        if created or self._changes(instance):
            super().post_save(instance, created, using=using, **kwargs)

    def _changes(self, instance: Any) -> bool:
        last = getattr(instance, self.manager_name).order_by("-history_date", "-history_id")
        version = last.first()
        fields = self.fields_included(instance)
        return version is None or any(
            getattr(version, f.attname) != getattr(instance, f.attname) for f in fields
        )

    def m2m_changed(
        self, instance: Any, action: str, attr: str, pk_set: Any, reverse: bool, **kwargs: Any
    ) -> None:
        if action in ("post_add", "post_remove") and not pk_set:
            return
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        # `instance` is the other side (a group); the records changed are `model`'s rows.
        model = kwargs["model"]
        if action == "pre_clear":
            instance._history_cleared = list(model._default_manager.filter(**{attr: instance}))
            return
        if action in ("post_add", "post_remove"):
            changed = list(model._default_manager.filter(pk__in=pk_set))
        elif action == "post_clear":
            changed = getattr(instance, "_history_cleared", [])
        else:
            return
        for record in changed:
            super().m2m_changed(record, action, attr, None, False, **kwargs)


def related_as_recorded(instance: models.Model, name: str) -> Any:
    """The record `instance.<name>` points at or, once that record is deleted, its last version
    in the history (None if it has none): a version of `instance` kept in the history, or a row
    being deleted with it, may point at a record that is gone."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        field: Any = instance._meta.get_field(name)
        related = field.related_model
        history = getattr(related, "history", None)
        if history is None:
            return None
        versions = history.filter(**{related._meta.pk.attname: getattr(instance, field.attname)})
        last = versions.order_by("-history_date", "-history_id").first()
        return last.instance if last else None


def history_entries(instance: models.Model) -> list[Entry]:
    """Every version of `instance`, newest first, each with what it changed."""
    history_model = instance.history.model  # type: ignore[attr-defined]
    m2m_fields = list(history_model._history_m2m_fields)
    plain_fields = [
        f for f in history_model.tracked_fields if not f.primary_key and f.name not in UNSHOWN
    ]
    versions = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    )
    states = snapshots(versions, plain_fields, m2m_fields)
    raw = [_differences(old, new) for old, new in zip([None, *states], states, strict=False)]
    labels = Labels(plain_fields + m2m_fields, raw)
    entries = [
        Entry(
            v.history_date,
            v.history_user,
            v.history_type,
            v.history_change_reason or "",
            [labels.change(name, old, new) for name, old, new in changes],
        )
        for v, changes in zip(versions, raw, strict=True)
    ]
    return [e for e in reversed(entries) if e.kind != "~" or e.changes]


def snapshots(versions: list[Any], plain: list[Any], m2m: list[Any]) -> list[dict[str, Any]]:
    """Each historical version's values: plain fields by their column, sets as frozen ids."""
    sets = _m2m_sets(versions, m2m)
    return [_snapshot(v, plain, sets) for v in versions]


def _m2m_sets(versions: list[Any], m2m: list[Any]) -> dict[str, dict[int, frozenset[Any]]]:
    """For each many-to-many field, the related ids each version held: one query a field."""
    sets: dict[str, dict[int, frozenset[Any]]] = {}
    for f in m2m:
        if not versions:
            break
        rows_model = getattr(versions[0], f.name).model
        target = f"{f.m2m_reverse_field_name()}_id"
        held: dict[int, set[Any]] = defaultdict(set)
        rows = rows_model.objects.filter(history__in=[v.history_id for v in versions])
        for history_id, related_id in rows.values_list("history_id", target):
            held[history_id].add(related_id)
        sets[f.name] = {v.history_id: frozenset(held[v.history_id]) for v in versions}
    return sets


def _snapshot(
    version: Any, plain: list[Any], sets: dict[str, dict[int, frozenset[Any]]]
) -> dict[str, Any]:
    values = {f.name: getattr(version, f.attname) for f in plain}
    for name, held in sets.items():
        values[name] = held[version.history_id]
    return values


def _differences(old: dict[str, Any] | None, new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    if old is None:
        return []
    return [(name, old[name], value) for name, value in new.items() if old[name] != value]


class Labels:
    """Readable values: choices by label, related records by name, fetched once per model.

    `raw` holds the (field name, old, new) values to show, in the snapshots' form."""

    def __init__(self, fields: list[Any], raw: list[list[tuple[str, Any, Any]]]) -> None:
        self.fields = {f.name: f for f in fields}
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for changes in raw:
            for name, old, new in changes:
                model_field = self.fields[name]
                if model_field.is_relation:
                    for value in (old, new):
                        ids = value if model_field.many_to_many else {value}
                        wanted[model_field.related_model].update(i for i in ids if i is not None)
        self.records = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    def change(self, name: str, old: Any, new: Any) -> Change:
        model_field = self.fields[name]
        return Change(str(model_field.verbose_name), self.show(name, old), self.show(name, new))

    def show(self, name: str, value: Any) -> str:
        model_field = self.fields[name]
        if value in (None, "") or value == frozenset():
            return "—"
        if model_field.is_relation:
            records = self.records[model_field.related_model]
            ids = sorted(value) if model_field.many_to_many else [value]
            return ", ".join(str(records[i]) if i in records else f"#{i}" for i in ids)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        return str(value)
