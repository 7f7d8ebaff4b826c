import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from twintowns.backups import databases
from twintowns.backups.archive import BackupError
from twintowns.backups.databases import NAMES, DatabaseToolError
from twintowns.backups.services import Checked, restore_apply, restore_check

AFTER = (
    "Start the app servers and task workers again now: what they kept in memory belongs to "
    "the state that was replaced."
)


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with a backup made by `twintowns backup`. "
        "Stop the app servers and task workers first."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even while other sessions are connected to the database (PostgreSQL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        started = time.perf_counter()
        try:
            self._refuse_while_in_use(options["force"])
            checked = restore_check(path)
        except (BackupError, DatabaseToolError) as error:
            raise CommandError(f"{path} was not restored. {error}") from error
        if options["interactive"] and not self._confirmed(checked):
            checked.discard()
            raise CommandError("Nothing was restored.")
        try:
            restore_apply(checked)
        except (BackupError, DatabaseToolError) as error:
            raise CommandError(str(error)) from error
        manifest = checked.manifest
        self.stdout.write(
            f"Restored {path}, made {manifest.made_at} by {manifest.made_by}: "
            f"{manifest.records:,} rows in {len(manifest.tables)} tables (each count checked), "
            f"{len(manifest.media):,} media files, in {time.perf_counter() - started:.1f} s."
        )
        self.stdout.write(AFTER)

    def _refuse_while_in_use(self, force: bool) -> None:
        others = databases.other_connections()
        if others and not force:
            raise BackupError(
                f"{others} other sessions are connected to the database: stop the app servers "
                "and task workers first (or pass --force)."
            )

    def _confirmed(self, checked: Checked) -> bool:
        manifest = checked.manifest
        self.stdout.write(
            f"{checked.file} is whole: {NAMES[manifest.database]}, made {manifest.made_at} by "
            f"{manifest.made_by}, {manifest.records:,} rows, {len(manifest.media):,} media files."
        )
        answer = input(
            "Every record and media file of this installation will be replaced by the backup's. "
            "Type 'yes' to go on: "
        )
        return answer.strip().lower() == "yes"
