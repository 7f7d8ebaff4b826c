"""The history page of any record: who changed what, when, from which value to which.

Every version is a full snapshot, so a change is the difference between two neighbours.
All versions, their many-to-many rows and the records their values point to are read in a
fixed number of queries, however long the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

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
