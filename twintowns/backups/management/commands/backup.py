import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from twintowns.backups.archive import BackupError
from twintowns.backups.databases import NAMES, DatabaseToolError
from twintowns.backups.services import backup_create


class Command(BaseCommand):
    help = "Back up the database and the media files into one file, while the site runs."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write (a tar archive)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        started = time.perf_counter()
        try:
            manifest = backup_create(path)
        except (BackupError, DatabaseToolError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        megabytes = path.stat().st_size / 1_000_000
        self.stdout.write(
            f"Backed up {NAMES[manifest.database]}: {manifest.records:,} rows in "
            f"{len(manifest.tables)} tables, and {len(manifest.media):,} media files, "
            f"into {path} ({megabytes:,.1f} MB) in {seconds:.1f} s."
        )
