from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from twintowns.places.models import Place, Region
from twintowns.places.services import gazetteer_load

# More places than any demo or test loads by id: the full gazetteer is in.
LOADED_THRESHOLD = 100_000


class Command(BaseCommand):
    help = "Load or refresh the offline gazetteer (countries, regions, GeoNames cities) and names."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--only", nargs="+", type=int, metavar="GEONAMEID")
        parser.add_argument(
            "--min-population", type=int, default=1000, help="0 loads every city in the file"
        )
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help=f"do nothing when the database already holds {LOADED_THRESHOLD:,}+ places "
            "and their regions",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["skip_if_loaded"] and Place.objects.count() >= LOADED_THRESHOLD:
            # A gazetteer loaded before regions existed is loaded again, once, to get them.
            if Region.objects.exists():
                self.stdout.write("The gazetteer is already loaded; skipped.")
                return
            self.stdout.write("The gazetteer has no regions yet: loading it again with them.")
        only = set(options["only"]) if options["only"] else None
        report = gazetteer_load(geonameids=only, min_population=options["min_population"])
        self.stdout.write(str(report))
