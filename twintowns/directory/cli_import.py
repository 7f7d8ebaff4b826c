"""`twintowns directory import FILE`: load a file of twinnings into the directory."""

import hashlib
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from twintowns.directory.importing import (
    BOUNDS,
    MATCHING_VERSION,
    MappingError,
    WouldRemove,
    column_mapping,
    directory_import,
    report_lines,
)
from twintowns.directory.models import DirectorySource
from twintowns.lib.tables import UnreadableFile, read_table

# Names left out printed under the report, most rows first; the sources page lists them all.
TOP_NAMES = 10
HELP = "Load twinnings from a Wikipedia list, a Wikidata P190 query result or a mapped table."


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--source", help="name of the source (default: the file's name)")
    parser.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD", dest="overrides"
    )
    parser.add_argument(
        "--skip-if-loaded",
        action="store_true",
        help="do nothing when the source already holds this very file (same SHA-256), read "
        "the way this version reads names",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="let the import remove the source's twinnings the file no longer gives",
    )


def handle(command: BaseCommand, **options: Any) -> None:
    """Import the file as a source and print its report, or say why nothing was written."""
    path: Path = options["file"]
    name = options["source"] or slugify(path.stem)
    if not name or slugify(name) != name:
        raise CommandError(
            f"A source is named in lower-case letters, digits and hyphens: “{name}”."
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(str(error)) from error
    sha256 = hashlib.sha256(data).hexdigest()
    if options["skip_if_loaded"] and _already_holds(command, name, sha256):
        return
    started = time.perf_counter()
    try:
        with path.open("rb") as stream:
            table = read_table(path.name, stream, BOUNDS, len(data))
        mapping = column_mapping(table.headers, dict(_split(o) for o in options["overrides"]))
    except (UnreadableFile, MappingError) as error:
        raise CommandError(str(error)) from error
    with tqdm(total=len(table.rows), unit="rows", file=sys.stderr) as bar:
        try:
            source = directory_import(
                name=name,
                table=table,
                mapping=mapping,
                file_name=path.name,
                sha256=sha256,
                progress=lambda done: bar.update(done - bar.n),
                replace=options["replace"],
            )
        except WouldRemove as error:
            raise CommandError(str(error)) from error
    for line in report_lines(source.report):
        command.stdout.write(line)
    for unresolved in source.unresolved_names.all()[:TOP_NAMES]:
        command.stdout.write(f"  {unresolved}: {unresolved.outcome}, {unresolved.rows} rows")
    seconds = time.perf_counter() - started
    command.stdout.write(f"Source “{name}”: {len(table.rows):,} rows in {seconds:.1f} s.")


def _already_holds(command: BaseCommand, name: str, sha256: str) -> bool:
    """Whether the source holds this file read as this version reads names; says which."""
    source = DirectorySource.objects.filter(name=name, sha256=sha256).first()
    if source is None:
        return False
    if source.report.get("matching") != MATCHING_VERSION:
        command.stdout.write(
            f"The source “{name}” holds this file as an older version read it; reading it again."
        )
        return False
    command.stdout.write(f"The source “{name}” already holds this file; skipped.")
    return True


def _split(item: str) -> tuple[str, str]:
    column, sep, target = item.partition("=")
    if not sep or not column.strip() or not target.strip():
        raise CommandError(f"--map takes COLUMN=FIELD, not “{item}”.")
    return column.strip(), target.strip()
