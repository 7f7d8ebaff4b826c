"""A place as the place box and the import's check show it: name, region, country, population."""

from collections.abc import Sequence
from dataclasses import dataclass

from twintowns.lib.text import fold
from twintowns.places.models import Place, PlaceName


@dataclass(frozen=True)
class PlaceLine:
    pk: int
    name: str
    region: str
    country: str
    population: int

    @property
    def label(self) -> str:
        """The text a picked place puts in the box: "Vienna, Virginia, United States"."""
        return ", ".join(part for part in (self.name, self.region, self.country) if part)


def regions_shown(places: dict[int, tuple[str, str]]) -> dict[int, str]:
    """The region worth showing beside each place, from {place id: (name, region name)}.

    None when the region bears the place's own name, which tells nothing: "Ankara, Ankara",
    "Ganja, Ganja City", or Ganja's "Gǝncǝ", which is Ganja's Azerbaijani name (one query).
    """
    named = {pk: (name, region) for pk, (name, region) in places.items() if region}
    if not named:
        return {}
    keys = {pk: fold(region) for pk, (_name, region) in named.items()}
    own = set(
        PlaceName.objects.filter(place_id__in=keys, folded__in=set(keys.values())).values_list(
            "place_id", "folded"
        )
    )
    return {
        pk: region
        for pk, (name, region) in named.items()
        if not keys[pk].startswith(fold(name)) and (pk, keys[pk]) not in own
    }


def place_lines(places: Sequence[Place]) -> list[PlaceLine]:
    """The places' lines; their countries and regions should come with them (select_related)."""
    regions = regions_shown(
        {p.pk: (p.name, p.region.name if p.region_id and p.region else "") for p in places}
    )
    return [
        PlaceLine(
            pk=place.pk,
            name=place.name,
            region=regions.get(place.pk, ""),
            country=place.country.localized_name,
            population=place.population,
        )
        for place in places
    ]
