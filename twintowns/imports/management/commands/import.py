import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from twintowns.authorities.models import Authority
from twintowns.imports.mapping import KIND_TARGETS, mapping_with_overrides
from twintowns.imports.reading import read_table
from twintowns.imports.report import report_lines, stopped_because
from twintowns.imports.services import import_apply, import_check
from twintowns.lib.tables import UnreadableFile


class Command(BaseCommand):
    help = "Import partners, activities, contacts or memberships from a CSV, TSV or XLSX file."
    # The checks import every URL module and view; an import needs none of them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=sorted(KIND_TARGETS))
        parser.add_argument("--authority", help="slug of the authority (needed if several)")
        parser.add_argument("--user", help="user name recorded in the history (an editor)")
        parser.add_argument(
            "--map", action="append", default=[], metavar="COLUMN=FIELD", dest="overrides"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--skip-unresolved", action="store_true", help="skip rows whose place is not settled"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = self._authority(options["authority"])
        actor = self._user(options["user"], authority)
        path: Path = options["file"]
        started = time.perf_counter()
        try:
            with path.open("rb") as stream:
                table = read_table(path.name, stream, path.stat().st_size)
        except (UnreadableFile, OSError) as error:
            raise CommandError(str(error)) from error
        overrides = dict(_split(item) for item in options["overrides"])
        mapping = mapping_with_overrides(options["kind"], table.headers, overrides)
        with tqdm(total=len(table.rows), unit="rows", file=sys.stderr) as bar:
            plan = import_check(
                authority=authority,
                kind=options["kind"],
                table=table,
                mapping=mapping,
                skip_unresolved=options["skip_unresolved"],
                progress=lambda done: bar.update(done - bar.n),
            )
        if plan.ok and not options["dry_run"]:
            import_apply(actor=actor, authority=authority, plan=plan)
        for line in report_lines(plan, mapping):
            self.stdout.write(line)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{plan.rows_total} rows in {seconds:.1f} s ({plan.rows_total / seconds:,.0f} rows/s)."
        )
        if not plan.ok:
            raise CommandError(stopped_because(plan))

    def _authority(self, slug: str | None) -> Authority:
        authorities = Authority.objects.all()
        if slug:
            authorities = authorities.filter(slug=slug)
        found = list(authorities[:2])
        if len(found) != 1:
            raise CommandError("Name the authority with --authority SLUG.")
        return found[0]

    def _user(self, name: str | None, authority: Authority) -> Any:
        users = get_user_model()._default_manager
        if name:
            user = users.filter(username=name).first()
        else:
            user = users.filter(
                staff_roles__authority=authority, staff_roles__role__in=["admin", "editor"]
            ).first()
        if user is None:
            raise CommandError("Name a user with an editor role with --user NAME.")
        return user


def _split(item: str) -> tuple[str, str]:
    column, sep, field = item.partition("=")
    if not sep:
        raise CommandError(f"--map takes COLUMN=FIELD, not {item!r}")
    return column.strip(), field.strip()
