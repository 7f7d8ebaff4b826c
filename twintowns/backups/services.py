"""Backup and restore of a whole installation: the database and the media files, in one file.

A restore is checked whole before it touches anything (format, database, schema, every member's
checksum), then puts the media and the database back, compares every table's rows with the
manifest, and records itself (models.Restoration) in the database it has just restored.
"""

import datetime as dt
import getpass
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from twintowns.backups import databases
from twintowns.backups.archive import (
    MEDIA,
    ArchiveWriter,
    BackupError,
    Manifest,
    extract_checked,
    open_archive,
    read_manifest,
)
from twintowns.backups.models import Restoration

# Media files are staged beside the live ones (one file system, so moving them is a rename).
STAGING_PREFIX = ".restore-"


def backup_create(path: Path) -> Manifest:
    """Write the database and the media files to `path`, which must not exist yet."""
    if path.exists():
        raise BackupError(f"{path} exists already: give another name, or remove it first.")
    writer = ArchiveWriter(path)
    try:
        with tempfile.TemporaryDirectory(prefix="twintowns-backup-", dir=path.parent) as work:
            member = databases.MEMBERS[databases.vendor()]
            copy = databases.dump(Path(work) / member)
            writer.add(member, Path(work) / member)
        for file, name in _media_files():
            writer.add(name, file)
        manifest = Manifest(
            made_at=timezone.now().isoformat(),
            made_by=_who(),
            database=databases.vendor(),
            database_member=member,
            migrations=copy.migrations,
            tables=copy.tables,
        )
        writer.finish(manifest)
    except BaseException:
        writer.abandon()
        raise
    return manifest


@dataclass
class Checked:
    """A backup whose every member was checked and staged, ready to be put back."""

    file: Path
    manifest: Manifest
    staging: Path  # inside MEDIA_ROOT: the database copy, and the media files under media/

    @property
    def database_copy(self) -> Path:
        return self.staging / self.manifest.database_member

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def restore_check(path: Path) -> Checked:
    """Read and check the whole backup, and stage its members; the installation is untouched."""
    with open_archive(path) as tar:
        manifest = read_manifest(tar)
        _check_compatible(manifest)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root))
        try:
            extract_checked(tar, manifest, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return Checked(path, manifest, staging)


def restore_apply(checked: Checked) -> Restoration:
    """Put the checked backup back: media files and database, then record the restore."""
    kept = _restorations()  # the log of restores outlives the database it is written in
    aside = _swap_media(checked)
    try:
        databases.load(checked.database_copy)
    except BaseException:
        _swap_back(aside)
        raise
    finally:
        checked.discard()
    shutil.rmtree(aside, ignore_errors=True)
    _check_counts(checked.manifest)
    record = _record(kept, checked)
    for cache in caches.all():  # what was cached belongs to the state that is gone
        cache.clear()
    return record


def _check_compatible(manifest: Manifest) -> None:
    here = databases.vendor()
    if manifest.database != here:
        raise BackupError(
            f"It was made on {databases.NAMES.get(manifest.database, manifest.database)}; "
            f"this installation runs on {databases.NAMES[here]}."
        )
    theirs, ours = set(manifest.migrations), _code_migrations()
    if theirs != ours:
        raise BackupError(_schema_difference(theirs, ours))


def _code_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _schema_difference(theirs: set[str], ours: set[str]) -> str:
    lines = ["It was made at another schema version than this version of Twintowns."]
    if theirs - ours:
        names = ", ".join(sorted(theirs - ours)[:5])
        lines.append(f"It has migrations this version does not know ({names}): a newer version.")
    if ours - theirs:
        names = ", ".join(sorted(ours - theirs)[:5])
        lines.append(f"It lacks migrations of this version ({names}): an older version.")
    lines.append("Restore it with the version of Twintowns that made it; nothing was changed.")
    return " ".join(lines)


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith(STAGING_PREFIX))
        for name in sorted(files):
            file = Path(directory) / name
            found.append((file, f"{MEDIA}/{file.relative_to(root).as_posix()}"))
    return found


def _swap_media(checked: Checked) -> Path:
    """Move the live media files aside and the backup's in; return where the old ones are."""
    root = Path(settings.MEDIA_ROOT)
    aside = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    for entry in list(root.iterdir()):
        if not entry.name.startswith(STAGING_PREFIX):
            entry.rename(aside / entry.name)
    restored = checked.staging / MEDIA
    if restored.is_dir():
        for entry in list(restored.iterdir()):
            entry.rename(root / entry.name)
    return aside


def _swap_back(aside: Path) -> None:
    root = Path(aside).parent
    for entry in list(root.iterdir()):
        if not entry.name.startswith(STAGING_PREFIX):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for entry in list(aside.iterdir()):
        entry.rename(root / entry.name)
    aside.rmdir()


def _check_counts(manifest: Manifest) -> None:
    found = databases.counts()
    if found != manifest.tables:
        different = sorted(
            name
            for name in set(found) | set(manifest.tables)
            if found.get(name) != manifest.tables.get(name)
        )
        raise BackupError(
            "The database was restored, but the rows of these tables differ from the "
            f"manifest: {', '.join(different[:10])}. Check it before using it."
        )


def _restorations() -> list[dict[str, object]]:
    if Restoration._meta.db_table not in connection.introspection.table_names():
        return []  # an empty database, not yet migrated
    return list(Restoration.objects.values(*_RECORD_FIELDS))


_RECORD_FIELDS = [f.name for f in Restoration._meta.concrete_fields if not f.primary_key]


@transaction.atomic
def _record(kept: list[dict[str, object]], checked: Checked) -> Restoration:
    present = set(Restoration.objects.values_list("restored_at", "file"))
    Restoration.objects.bulk_create(
        Restoration(**row) for row in kept if (row["restored_at"], row["file"]) not in present
    )
    manifest = checked.manifest
    return Restoration.objects.create(
        restored_at=timezone.now(),
        restored_by=_user(),
        host=socket.gethostname(),
        file=str(checked.file.resolve()),
        made_at=dt.datetime.fromisoformat(manifest.made_at),
        made_by=manifest.made_by,
        database=manifest.database,
        records=manifest.records,
        media_files=len(manifest.media),
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (some containers)
        return f"uid {os.getuid()}"


def _who() -> str:
    return f"{_user()} on {socket.gethostname()}"
