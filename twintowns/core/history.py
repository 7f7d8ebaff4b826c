"""The history page of any record: who changed what, when, from which value to which."""

from dataclasses import dataclass, field
from typing import Any

from django.db import models


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
    """Every historical version of `instance`, newest first, each with what it changed."""
    versions = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )  # type: ignore[attr-defined]
    entries = []
    previous = None
    for version in versions:
        entry = Entry(
            version.history_date,
            version.history_user,
            version.history_type,
            version.history_change_reason or "",
        )
        if previous is not None:
            entry.changes = _changes(instance, version, previous)
        entries.append(entry)
        previous = version
    return [e for e in reversed(entries) if e.kind != "~" or e.changes]


def _changes(instance: models.Model, new: Any, old: Any) -> list[Change]:
    delta = new.diff_against(old)
    return [
        Change(
            _label(instance, c.field),
            _show(instance, c.field, c.old),
            _show(instance, c.field, c.new),
        )
        for c in delta.changes
    ]


def _label(instance: models.Model, name: str) -> str:
    return str(instance._meta.get_field(name).verbose_name)


def _show(instance: models.Model, name: str, value: Any) -> str:
    model_field = instance._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if model_field.many_to_many:
        related = model_field.related_model
        ids = [row[model_field.m2m_reverse_field_name()] for row in value]
        return ", ".join(str(o) for o in related._default_manager.filter(pk__in=ids)) or "—"
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)
