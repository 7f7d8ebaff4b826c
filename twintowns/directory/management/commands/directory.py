from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from twintowns.directory import cli_evaluate, cli_import


class Command(BaseCommand):
    help = "The global twin-town directory: `import` a file of relations, `evaluate` suggestions."
    # The checks cost seconds and `make run` calls this on every start (a no-op once loaded).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        cli_import.add_arguments(actions.add_parser("import", help=cli_import.HELP))
        cli_evaluate.add_arguments(actions.add_parser("evaluate", help=cli_evaluate.HELP))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        {"import": cli_import.handle, "evaluate": cli_evaluate.handle}[action](self, **options)
