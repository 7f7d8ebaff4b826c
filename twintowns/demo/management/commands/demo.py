from typing import Any

from django.core.management.base import BaseCommand

from twintowns.demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Load the Ankara demo (the seed's facts and the shipped partner list) with the users "
        "demo-admin, demo-editor, demo-viewer and demo-analyst. Safe to run again: it adds only "
        "what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo()
        for line in report.lines():
            self.stdout.write(line)
