import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from bench.synth import SCALES, SynthRefused, synth_create


class Command(BaseCommand):
    help = "Synthetic authorities at metro or national scale, to measure speed; no audit history."
    # The checks import every URL module and view; writing records needs none of them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", required=True, choices=sorted(SCALES))
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--replace", action="store_true", help="first delete this scale's synthetic authorities"
        )
        parser.add_argument("--viewer", help="an existing user to give a viewer role in each")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        viewer = None
        if options["viewer"]:
            viewer = get_user_model()._default_manager.filter(username=options["viewer"]).first()
            if viewer is None:
                raise CommandError(f"No user is called “{options['viewer']}”.")
        # The delay keeps a refusal from drawing an empty bar first.
        with tqdm(
            total=scale.totals.activities, unit="activities", file=sys.stderr, delay=1
        ) as bar:
            try:
                report = synth_create(
                    scale=scale,
                    seed=options["seed"],
                    today=timezone.localdate(),
                    replace=options["replace"],
                    viewer=viewer,
                    progress=lambda done: bar.update(done - bar.n),
                )
            except SynthRefused as error:
                raise CommandError(str(error)) from None
        self.stdout.write(str(report))
