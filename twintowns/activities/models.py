"""Activities: visits, cooperation, meetings, cultural events, culture days, conferences."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Aggregate, Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority
from twintowns.core.models import Theme, Versioned
from twintowns.lib.dates import Precision, format_span, truncate
from twintowns.lib.text import capfirst
from twintowns.lib.uploads import validate_upload
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Place

if TYPE_CHECKING:  # django-stubs-ext comes with the dev tools only
    from django_stubs_ext import StrOrPromise


class Kind(models.TextChoices):
    SITE_VISIT = "site_visit", _("site visit")
    TECHNICAL_COOPERATION = "technical", _("technical cooperation")
    MEETING = "meeting", _("meeting on a specific issue")
    CULTURAL_EVENT = "cultural", _("cultural event")
    CULTURE_DAYS = "culture_days", _("culture days")
    PROTOCOL_CEREMONY = "ceremony", _("protocol ceremony")
    CONFERENCE = "conference", _("conference")


class Direction(models.TextChoices):
    INCOMING = "incoming", _("incoming delegation")
    OUTGOING = "outgoing", _("outgoing delegation")
    HOSTED = "hosted", _("hosted here")
    ABROAD = "abroad", _("abroad")


def held_condition(today: dt.date, via: str = "") -> models.Q:
    """Activities held by `today`: those that started by then, and those with no date (the
    record does not say they are still to come). Reached through `via` ("activities__") from
    another model. The one definition every count and "last activity" uses."""
    start = f"{via}starts_on"
    return models.Q(**{f"{start}__isnull": True}) | models.Q(**{f"{start}__lte": today})


def planned_condition(today: dt.date, via: str = "") -> models.Q:
    """Activities still to come: those that start after `today`. Counted apart, never as held."""
    return models.Q(**{f"{via}starts_on__gt": today})


class ActivityQuerySet(models.QuerySet["Activity"]):
    """Also what the partnerships below reach through `partnership.activities` (the relation
    activities give them), without importing this app: a partner's page reads its activities,
    their culture days and their impact here."""

    def held(self, today: dt.date) -> "ActivityQuerySet":
        return self.filter(held_condition(today))

    def planned(self, today: dt.date) -> "ActivityQuerySet":
        return self.filter(planned_condition(today))

    def with_details(self) -> "ActivityQuerySet":
        """With what a list shows of each: place, organization, partners, themes."""
        return self.select_related("place__country", "organization").prefetch_related(
            "partnerships__partner", "themes"
        )

    def latest_first(self) -> "ActivityQuerySet":
        return self.with_details().order_by("-starts_on", "-pk")

    def culture_days(self) -> "ActivityQuerySet":
        return self.filter(kind=Kind.CULTURE_DAYS)

    def impact(self) -> "Impact":
        """The measured outcomes of these activities, in one query."""
        return Impact.of(self.aggregate(**impact_sums()))


def _figure(
    verbose_name: "StrOrPromise", help_text: "StrOrPromise" = ""
) -> "models.PositiveIntegerField[Any, Any]":
    """A counted outcome; empty means "not counted", which a total must not read as zero."""
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, help_text=help_text)


class Activity(Versioned):
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partnerships = models.ManyToManyField(
        Partnership, verbose_name=_("partners"), blank=True, related_name="activities"
    )
    organization = models.ForeignKey(
        "networks.Organization",  # a floor above: organizations count their conferences
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    participants = models.TextField(_("participants"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    reciprocal = models.OneToOneField(
        "self",
        verbose_name=_("reciprocal event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reciprocated_by",
        help_text=_("For culture days: the other city's days that answer these."),
    )
    # The impact register: measured outcomes, each left empty when it was not counted.
    participants_count = _figure(_("number of participants"), _("Everyone who took part."))
    citizens_involved = _figure(
        _("citizens involved"), _("Residents of the city who took part or attended.")
    )
    youth_involved = _figure(_("young people involved"))
    agreements_signed = _figure(
        _("agreements signed"), _("Agreements, protocols or memoranda signed at or after it.")
    )
    projects_started = _figure(_("projects started"), _("Joint projects it started."))
    media_items = _figure(_("media items"), _("News articles, broadcasts and posts about it."))
    is_best_practice = models.BooleanField(
        _("best practice"),
        default=False,
        help_text=_("Worth repeating or sharing: listed in the library of best practices."),
    )
    lessons_learned = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What worked, what did not, what to do again or differently."),
    )
    search_text = models.TextField(editable=False, blank=True)

    history = HistoricalRecords(m2m_fields=[partnerships, themes], excluded_fields=["search_text"])
    objects = ActivityQuerySet.as_manager()

    # What counts as held, for the floors below that reach activities through the app registry
    # (`apps.get_model`) rather than by import: the partners list counts their activities.
    held_condition = staticmethod(held_condition)
    planned_condition = staticmethod(planned_condition)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        # Lists, the home page's "coming up" and "lately", and the per-year counts read one
        # authority's activities by date: with 500,000 activities, not a sort of them all.
        indexes = [models.Index(fields=["authority", "starts_on"], name="activity_by_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    def clean(self) -> None:
        if self.ends_on and not self.starts_on:
            raise ValidationError({"starts_on": _("Give the start when you give the end.")})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        if self.starts_on:
            self.starts_on = truncate(self.starts_on, self.date_precision)
        if self.ends_on:
            self.ends_on = truncate(self.ends_on, self.date_precision)

    @property
    def when(self) -> str:
        return format_span(self.starts_on, self.ends_on, self.date_precision)

    @property
    def figures(self) -> list[tuple[str, int]]:
        """The impact figures counted, each with its name; those not counted are left out."""
        values = [(name, getattr(self, name)) for name in IMPACT_FIELDS]
        return [(figure_label(name), value) for name, value in values if value is not None]


# The impact register's figures, in the order forms, pages and exports show them.
IMPACT_FIELDS = (
    "participants_count",
    "citizens_involved",
    "youth_involved",
    "agreements_signed",
    "projects_started",
    "media_items",
)


def figure_label(name: str) -> str:
    """An impact figure's name as a label ("Number of participants"), in the active language."""
    field = Activity._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of Activity, not a relation
    return capfirst(str(field.verbose_name))


@dataclass(frozen=True)
class Impact:
    """The measured outcomes of some activities.

    Each figure is the sum of the values recorded; None when no activity has one, so a
    figure nobody counted never reads as zero. `measured` counts the activities with at
    least one figure, which says how much a total rests on.
    """

    activities: int
    measured: int
    figures: tuple[int | None, ...]  # in the order of IMPACT_FIELDS

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> "Impact":
        return cls(
            activities=row["activities_count"],
            measured=row["measured_count"],
            figures=tuple(row[f"sum_{name}"] for name in IMPACT_FIELDS),
        )

    @property
    def counted(self) -> list[tuple[str, int]]:
        """The figures somebody counted, each with its name."""
        pairs = zip(IMPACT_FIELDS, self.figures, strict=True)
        return [(figure_label(name), value) for name, value in pairs if value is not None]

    @classmethod
    def total(cls, parts: Iterable["Impact"]) -> "Impact":
        """The sum of impacts of disjoint sets of activities (years, not partners)."""
        parts = list(parts)
        columns = zip(*(p.figures for p in parts), strict=True) if parts else ()
        figures = tuple(_sum_known(column) for column in columns)
        return cls(
            activities=sum(p.activities for p in parts),
            measured=sum(p.measured for p in parts),
            figures=figures or (None,) * len(IMPACT_FIELDS),
        )


def _sum_known(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def impact_sums(prefix: str = "") -> dict[str, Aggregate]:
    """Activities, measured activities and one Sum per figure, through `prefix` if related."""
    measured = reduce(or_, (Q(**{f"{prefix}{name}__isnull": False}) for name in IMPACT_FIELDS))
    return {
        "activities_count": Count(f"{prefix}pk", distinct=True),
        "measured_count": Count(f"{prefix}pk", filter=measured, distinct=True),
        **{f"sum_{name}": Sum(f"{prefix}{name}") for name in IMPACT_FIELDS},
    }


class Attachment(Versioned):
    class Type(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    type = models.CharField(_("type"), max_length=8, choices=Type.choices)
    file = models.FileField(_("file"), upload_to="activities/%Y/", validators=[validate_upload])
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or str(self.file.name)

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()
