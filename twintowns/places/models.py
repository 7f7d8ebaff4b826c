"""The offline gazetteer: countries, their regions and populated places (GeoNames, cities of
1,000+ people)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Continent(models.TextChoices):
    AFRICA = "AF", _("Africa")
    ANTARCTICA = "AN", _("Antarctica")
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    OCEANIA = "OC", _("Oceania")
    SOUTH_AMERICA = "SA", _("South America")


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_tr = models.CharField(_("Turkish name"), max_length=100)
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_tr if (get_language() or "").startswith("tr") else self.name


class Region(models.Model):
    """A country's first-level division (GeoNames' admin1: a state, province or region)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(_("GeoNames admin1 code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="region_unique_per_country")
        ]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name}, {self.country.localized_name}"


class RegionName(models.Model):
    """A region's name folded for lookup, and without its generic word ("Bursa Province": bursa)."""

    # The unique (region, folded) index already serves lookups by region.
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="names", db_index=False
    )
    folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "folded"], name="regionname_unique_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.folded


class Place(models.Model):
    """A populated place; `geonameid` is GeoNames' own id, so records match other data."""

    geonameid = models.BigIntegerField(_("GeoNames id"), unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="places",
        null=True,
        blank=True,
        verbose_name=_("region"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.BigIntegerField(_("population"), default=0)
    timezone = models.CharField(_("time zone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.name}, {self.country.localized_name}"


class PlaceName(models.Model):
    """Every name a place is known by, folded for search (case, accents, Turkish, scripts)."""

    # The unique (place, folded) index already serves lookups by place.
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names", db_index=False)
    folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "folded"], name="placename_unique_per_place")
        ]

    def __str__(self) -> str:
        return self.folded


class PlaceNameTail(models.Model):
    """A folded name from one of its inner words on ("bator" of "ulan bator").

    A prefix search over these matches at any word start with a plain index, which an
    infix search (`LIKE '%bator%'`) could not use. Kept apart from `PlaceName` so that an
    exact lookup of a name never meets a fragment of one.
    """

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="name_tails", db_index=False
    )
    folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "folded"], name="placenametail_unique_per_place"
            )
        ]

    def __str__(self) -> str:
        return self.folded
