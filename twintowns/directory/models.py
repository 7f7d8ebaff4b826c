"""The global twin-town directory: public relations between places, shared by every authority.

Read-only for the offices: only `twintowns directory import` writes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.places.models import Place


class DirectorySource(models.Model):
    """One imported file (the Wikipedia lists, a Wikidata query...) and what its import found."""

    name = models.SlugField(_("name"), max_length=100, unique=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    report = models.JSONField(_("import report"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory source")
        verbose_name_plural = _("directory sources")

    def __str__(self) -> str:
        return self.name


class Twinning(models.Model):
    """Two places twinned, stored once with the smaller id first: the relation has no direction."""

    place_a = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    place_b = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    sources = models.ManyToManyField(DirectorySource, related_name="twinnings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place_a", "place_b"], name="one_twinning_per_pair"),
            models.CheckConstraint(
                condition=Q(place_a__lt=F("place_b")), name="twinning_smaller_id_first"
            ),
        ]
        indexes = [models.Index(fields=["place_b"], name="twinning_place_b")]
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")

    def __str__(self) -> str:
        return f"{self.place_a_id} – {self.place_b_id}"


class NameOutcome(models.TextChoices):
    AMBIGUOUS = "ambiguous", _("ambiguous")
    UNKNOWN = "unknown", _("not in the gazetteer")
    UNKNOWN_COUNTRY = "unknown_country", _("country not recognised")
    UNKNOWN_REGION = "unknown_region", _("region not recognised, no country named")
    OUTSIDE_REGION = "outside_region", _("not in the region named")


class UnresolvedName(models.Model):
    """A (city, country) a source names that its import could not settle, with its row count."""

    source = models.ForeignKey(
        DirectorySource, on_delete=models.CASCADE, related_name="unresolved_names"
    )
    city = models.CharField(_("city"), max_length=255)
    country = models.CharField(_("country as written"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=NameOutcome.choices)
    rows = models.PositiveIntegerField(_("rows"))
    candidates = models.PositiveIntegerField(_("candidates"), default=0)

    class Meta:
        ordering = ["-rows", "city", "country"]
        indexes = [models.Index(fields=["source", "outcome", "-rows"], name="unresolved_by_source")]
        verbose_name = _("unresolved name")
        verbose_name_plural = _("unresolved names")

    def __str__(self) -> str:
        return f"{self.city}, {self.country}" if self.country else self.city


class Dismissal(models.Model):
    """An office's word that a public twinning of its city is not one of its partnerships
    (a misattribution, a town of the same name, a relation of a district), so that
    reconciling stops offering it."""

    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.CASCADE, related_name="directory_dismissals"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("marked"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "place"], name="one_dismissal_per_place")
        ]
        verbose_name = _("not a partnership")
        verbose_name_plural = _("not partnerships")

    def __str__(self) -> str:
        return str(self.place)

    def get_absolute_url(self) -> str:
        return reverse("network:reconcile")
