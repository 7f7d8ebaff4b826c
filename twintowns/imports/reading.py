"""The office's imports read their files with the shared table reader (`lib.tables`), within the
bounds the settings give (`TWINTOWNS_IMPORT_MAX_*`), read at each call so that a change of the
settings (a test's override) holds at once."""

from collections.abc import Callable
from typing import IO

from django.conf import settings

from twintowns.lib import tables
from twintowns.lib.tables import MB, Limits, Table


def limits() -> Limits:
    return Limits(
        file_bytes=settings.TWINTOWNS_IMPORT_MAX_MB * MB,
        unpacked_bytes=settings.TWINTOWNS_IMPORT_MAX_UNPACKED_MB * MB,
        rows=settings.TWINTOWNS_IMPORT_MAX_ROWS,
        columns=settings.TWINTOWNS_IMPORT_MAX_COLUMNS,
        cell_chars=settings.TWINTOWNS_IMPORT_MAX_CELL_CHARS,
    )


def read_table(
    name: str,
    stream: IO[bytes],
    size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Table:
    """The table in the file `name` within the office import's bounds (`tables.read_table`)."""
    return tables.read_table(name, stream, limits(), size, progress)


def upload_problem(name: str, size: int | None) -> str | None:
    """What an upload's name and size tell is wrong with it, before it is read or kept."""
    return tables.upload_problem(name, size, limits())
