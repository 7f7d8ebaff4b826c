"""When a save comes after someone else's: what each of them did to each field, and a merge.

For every field where the values saved would differ from those stored now: the value read when
the form was opened (from the history's snapshot of that version), the value stored now with
who saved it and when, and the value of the save refused. The merge takes the stored value
where only the other person changed a field, and the refused save's value everywhere else;
where both changed it, the person chooses.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from twintowns.core.history import Labels, snapshots

# The history read back from the version read: enough for any form left open, bounded for a
# version sent back made up.
HISTORY_READ = 100

UNKNOWN = object()  # a value read that the history does not hold


@dataclass
class FieldConflict:
    name: str
    label: str
    read: str  # shown; "" when the history does not hold it
    stored: str
    yours: str
    who: Any  # the user who saved the stored value, when known
    when: dt.datetime | None
    both_changed: bool  # then the person chooses; otherwise the merge took the one changed
    stored_kept: bool  # the merge took the stored value (only the other person changed it)


@dataclass
class Conflict:
    version: int | None  # the stored version now; None when the record was deleted
    rows: list[FieldConflict] = field(default_factory=list)
    merged: dict[str, Any] = field(default_factory=dict)  # the form's values, as initial data
    who: Any = None  # who saved last (or deleted it), and when
    when: dt.datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.version is None


def compare(
    model: type[models.Model], pk: Any, read_version: int, yours: dict[str, Any]
) -> Conflict:
    """`yours`: the refused save's values by field name (records, sets of records, values)."""
    fields = _model_fields(model, yours)
    stored = model._base_manager.filter(pk=pk).first()
    history = _history_since(model, pk, read_version, fields)
    latest = history[-1][0] if history else None
    conflict = Conflict(
        version=getattr(stored, "version", None),
        who=getattr(latest, "history_user", None),
        when=getattr(latest, "history_date", None),
    )
    if stored is None:
        return conflict
    now = _stored_values(stored, fields)
    mine = {f.name: _comparable(f, yours[f.name]) for f in fields}
    read: dict[str, Any] = {f.name: UNKNOWN for f in fields}
    for row, state in history:
        if row.version == read_version:
            read = state  # the last snapshot of that version: its sets changed after its save
    since = [(row, state) for row, state in history if row.version > read_version]
    differing = [f for f in fields if mine[f.name] != now[f.name]]
    shown = [(f.name, now[f.name], mine[f.name]) for f in differing]
    shown += [
        (f.name, read[f.name], read[f.name]) for f in differing if read[f.name] is not UNKNOWN
    ]
    labels = Labels(fields, [shown])
    for f in differing:
        conflict.rows.append(_row(f, read[f.name], now[f.name], mine[f.name], labels, since))
    conflict.merged = {
        row.name: _initial(now[row.name]) for row in conflict.rows if row.stored_kept
    }
    return conflict


def _row(
    model_field: Any,
    was: Any,
    now: Any,
    mine: Any,
    labels: Labels,
    since: list[tuple[Any, dict[str, Any]]],
) -> FieldConflict:
    name = model_field.name
    both = was is UNKNOWN or (was != mine and was != now)
    who, when = _changed_by(name, was, since) or (None, None)
    return FieldConflict(
        name=name,
        label=str(model_field.verbose_name),
        read="" if was is UNKNOWN else labels.show(name, was),
        stored=labels.show(name, now),
        yours=labels.show(name, mine),
        who=who,
        when=when,
        both_changed=both,
        stored_kept=not both and was == mine,
    )


def _model_fields(model: type[models.Model], names: dict[str, Any]) -> list[Any]:
    """The model's own fields and sets among `names` (a form's other fields are not stored)."""
    own = {f.name: f for f in (*model._meta.concrete_fields, *model._meta.many_to_many)}
    return [own[name] for name in names if name in own]


def _history_since(
    model: type[models.Model], pk: Any, read_version: int, fields: list[Any]
) -> list[tuple[Any, dict[str, Any]]]:
    """The historical versions from the one read on, oldest first, each with its values."""
    history = getattr(model, "history", None)
    if history is None:
        return []
    rows = list(
        history.filter(id=pk, version__gte=read_version)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_READ]
    )[::-1]
    tracked = {f.name for f in history.model.tracked_fields}
    m2m = {f.name for f in history.model._history_m2m_fields}
    plain = [f for f in fields if f.name in tracked]
    sets = [f for f in fields if f.name in m2m]
    states = snapshots(rows, plain, sets)
    for state in states:  # fields the history does not keep were not recorded
        for f in fields:
            state.setdefault(f.name, UNKNOWN)
    return list(zip(rows, states, strict=True))


def _changed_by(
    name: str, was: Any, since: list[tuple[Any, dict[str, Any]]]
) -> tuple[Any, dt.datetime] | None:
    """Who last gave field `name` a new value after the version read, and when."""
    found, previous = None, was
    for row, state in since:
        if state[name] is not UNKNOWN and state[name] != previous:
            found, previous = (row.history_user, row.history_date), state[name]
    return found


def _stored_values(stored: models.Model, fields: list[Any]) -> dict[str, Any]:
    return {
        f.name: (
            frozenset(getattr(stored, f.name).values_list("pk", flat=True))
            if f.many_to_many
            else getattr(stored, f.attname)
        )
        for f in fields
    }


def _comparable(model_field: Any, value: Any) -> Any:
    """A form's cleaned value in the snapshots' form: a record by its id, a set of ids."""
    if model_field.many_to_many:
        return frozenset(item.pk for item in value or ())
    return value.pk if isinstance(value, models.Model) else value


def _initial(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def last_saved(record: models.Model) -> tuple[Any, dt.datetime | None]:
    """Who saved `record` last, and when, as its history says (None, None if it does not)."""
    history = getattr(record, "history", None)
    latest = history.order_by("-history_date", "-history_id").first() if history else None
    return (latest.history_user, latest.history_date) if latest else (None, None)
