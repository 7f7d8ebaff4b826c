from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from twintowns.authorities.models import Role, StaffRole
from twintowns.insights.synthetic import AuthorityNotEmpty, synthetic_create


class Command(BaseCommand):
    help = (
        "Create a separate authority full of synthetic partners and activities, to measure "
        "the insight pages at scale. Test data only: written with bulk_create (no history, "
        "no service checks), into a new or empty authority, never one with real records."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--authority", default="synthetic", help="slug of the authority")
        parser.add_argument("--partnerships", type=int, default=300)
        parser.add_argument("--activities", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--viewer", help="an existing user to give a viewer role in it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = synthetic_create(
                slug=options["authority"],
                partnerships=options["partnerships"],
                activities=options["activities"],
                seed=options["seed"],
                today=timezone.localdate(),
            )
        except AuthorityNotEmpty as error:
            raise CommandError(str(error)) from None
        if options["viewer"]:
            user = User.objects.get(username=options["viewer"])
            StaffRole.objects.get_or_create(
                user=user, authority=report.authority, defaults={"role": Role.VIEWER}
            )
        self.stdout.write(
            f"{report.authority.slug}: {report.partnerships} partnerships "
            f"({report.real_places} with real gazetteer places), {report.activities} "
            f"activities in {report.seconds:.1f} s."
        )
