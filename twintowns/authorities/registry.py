"""What an authority owns: one entry per model, registered by its app's `AppConfig.ready()`.

Each entry says how a record reaches its authority and what the rest of the code does with it:

- the data version (`versions.py`) is raised by a change to a record whose entry has `data`,
  or to one of its `links` (many-to-many sets);
- the admin (`AuthorityScopedAdmin`) keeps each authority to its own rows through `path`;
- the history page (`/history/<kind>/<pk>/`) shows the records that have a `history` kind;
- the tests walk every entry: each must have a record in the two-authority walk
  (`tests/records.py`), and a model that can reach an authority but has no entry fails
  `tests/authorities/test_registry.py`.
"""

from dataclasses import dataclass

from django.db import models

from twintowns.core.models import Versioned


@dataclass(frozen=True)
class Owned:
    model: type[models.Model]
    # The lookup from a record to its authority ("authority", "partnership__authority");
    # "pk" for the authority itself.
    path: str = "authority"
    history: str = ""  # its kind in /history/<kind>/<pk>/; empty: no history page
    data: bool = False  # pages cached under the data version show it: a change raises it
    links: tuple[str, ...] = ()  # many-to-many sets whose changes raise the data version too
    exported: bool = False  # the lists' CSV/XLSX, GeoJSON, iCalendar or the API give it out
    imported: bool = False  # a spreadsheet import writes it
    synthesised: bool = False  # `twintowns synth` makes it

    @property
    def versioned(self) -> bool:
        """Its saves carry the version they were read at (`core.models.Versioned`)."""
        return issubclass(self.model, Versioned)


_OWNED: dict[type[models.Model], Owned] = {}


def register(
    model: type[models.Model],
    *,
    path: str = "authority",
    history: str = "",
    data: bool = False,
    links: tuple[str, ...] = (),
    exported: bool = False,
    imported: bool = False,
    synthesised: bool = False,
) -> Owned:
    """Record that an authority owns `model`'s rows (called from its app's ready())."""
    entry = Owned(model, path, history, data, links, exported, imported, synthesised)
    _OWNED[model] = entry
    return entry


def owned() -> list[Owned]:
    return list(_OWNED.values())


def entry_for(model: type[models.Model]) -> Owned | None:
    return _OWNED.get(model)


def path_to_authority(model: type[models.Model]) -> str:
    entry = _OWNED.get(model)
    if entry is None:
        raise LookupError(f"{model._meta.label} is not registered as owned by an authority")
    return entry.path


def with_history() -> dict[str, Owned]:
    """The records with a history page, by the kind their URL names."""
    return {entry.history: entry for entry in _OWNED.values() if entry.history}


def link_owners() -> dict[type[models.Model], Owned]:
    """The through models of the `links` sets, each with the entry of the model that has it."""
    return {
        getattr(entry.model, name).through: entry
        for entry in _OWNED.values()
        for name in entry.links
    }
