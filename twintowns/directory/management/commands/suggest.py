import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from twintowns.directory.suggest import Suggestion, suggest
from twintowns.lib.spreadsheets import CsvWriter
from twintowns.places.matching import Outcome, PlaceMatcher
from twintowns.places.models import Continent, Place


class Command(BaseCommand):
    help = "Suggest partner cities for a place of the gazetteer, ranked with the reasons why."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help="the city, as the gazetteer knows it")
        parser.add_argument("--country", help="its country: ISO code or name")
        parser.add_argument("--id", type=int, help="the place's id, when the name is ambiguous")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--format", choices=["text", "csv", "json"], default="text")
        parser.add_argument("--in-country", dest="in_country", help="candidates in this country")
        parser.add_argument("--continent", choices=Continent.values)
        parser.add_argument("--min-population", type=int)
        parser.add_argument("--max-population", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["id"] is not None:
            place = Place.objects.select_related("country").filter(pk=options["id"]).first()
            if place is None:
                raise CommandError(f"No place with id {options['id']}.")
        else:
            place = _find(options["name"], options["country"] or "")
        found = suggest(
            place,
            country=options["in_country"],
            continent=options["continent"],
            min_population=options["min_population"],
            max_population=options["max_population"],
            top=options["top"],
        )
        {"text": self._text, "csv": self._csv, "json": self._json}[options["format"]](place, found)

    def _text(self, place: Place, found: list[Suggestion]) -> None:
        self.stdout.write(f"Suggested partners for {place.name}, {place.country_id}:")
        for rank, item in enumerate(found, 1):
            self.stdout.write(
                f"{rank:>3}. {item.place.name}, {item.place.country_id}  ({item.score:.1%})"
            )
            for reason in item.reasons:
                self.stdout.write(f"       - {reason}")

    def _csv(self, place: Place, found: list[Suggestion]) -> None:
        writer = CsvWriter(self.stdout, lineterminator="\n")
        writer.writerow(["rank", "place_id", "name", "country", "population", "score", "reasons"])
        for rank, item in enumerate(found, 1):
            writer.writerow(
                [
                    rank,
                    item.place.pk,
                    item.place.name,
                    item.place.country_id,
                    item.place.population,
                    f"{item.score:.4f}",
                    "; ".join(item.reasons),
                ]
            )

    def _json(self, place: Place, found: list[Suggestion]) -> None:
        self.stdout.write(json.dumps(_as_json(place, found), ensure_ascii=False, indent=2))


def _as_json(place: Place, found: list[Suggestion]) -> dict[str, Any]:
    return {
        "place": {"id": place.pk, "name": place.name, "country": place.country_id},
        "suggestions": [
            {
                "rank": rank,
                "place_id": item.place.pk,
                "name": item.place.name,
                "country": item.place.country_id,
                "population": item.place.population,
                "score": item.score,
                "reasons": list(item.reasons),
                "shared_partners": [p.name for p in item.shared_partners],
            }
            for rank, item in enumerate(found, 1)
        ],
    }


def _find(name: str, country: str) -> Place:
    """The one gazetteer place so named (in that country); candidates listed when ambiguous."""
    match = PlaceMatcher().resolve([(name, country)])[(name.strip(), country.strip())]
    if match.outcome == Outcome.UNKNOWN_COUNTRY:
        raise CommandError(f"Unknown country: {country!r}.")
    if match.outcome == Outcome.AMBIGUOUS:
        lines = [f"{name!r} names several places; add --country or --id:"]
        lines += [
            f"  {c.name}, {c.country_code} (population {c.population:,}, id {c.place_id})"
            for c in match.candidates
        ]
        raise CommandError("\n".join(lines))
    if match.place is None:
        where = f" in {match.country_code}" if match.country_code else ""
        raise CommandError(f"No place named {name!r}{where} in the gazetteer.")
    return Place.objects.select_related("country").get(pk=match.place.place_id)
