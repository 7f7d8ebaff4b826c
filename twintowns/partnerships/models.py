"""Partnerships: the authority and a partner place, lifecycle, approvals, documents, contacts."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority
from twintowns.core.models import Theme, Versioned
from twintowns.lib.dates import Precision, format_partial, period_end
from twintowns.lib.uploads import validate_upload
from twintowns.places.models import Place


class Kind(models.TextChoices):
    SISTER_CITY = "sister", _("sister city")
    PARTNER_CITY = "partner", _("partner city")
    FRIENDSHIP = "friendship", _("friendship")
    COOPERATION = "cooperation", _("cooperation memorandum")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    SIGNED = "signed", _("signed")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


# A partnership in one of these statuses has had its agreement signed.
SIGNED_STATUSES = (Status.SIGNED, Status.ACTIVE, Status.DORMANT, Status.ENDED)
EARLIEST_SIGNING_YEAR = 1900


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def for_authority(self, authority: Authority) -> "PartnershipQuerySet":
        return self.filter(authority=authority)


class Partnership(Versioned):
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="partnerships")
    partner = models.ForeignKey(
        Place,
        verbose_name=_("partner city"),
        on_delete=models.PROTECT,
        related_name="partnerships_of",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.SISTER_CITY
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    signed_precision = models.CharField(
        _("precision of the signing date"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    council_decision_number = models.CharField(_("council decision no."), max_length=50, blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    ministry_approval_number = models.CharField(
        _("ministry approval no."), max_length=50, blank=True
    )
    ministry_approval_date = models.DateField(_("ministry approval date"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("Where the facts come from."))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "partner"],
                name="one_partnership_per_partner",
                violation_error_message=_(
                    "This authority already has a partnership with this city."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.partner.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])

    @property
    def signed_label(self) -> str:
        return format_partial(self.signed_on, self.signed_precision)

    def clean(self) -> None:
        # Here, so the forms, the API, the admin and the import all refuse the same dates.
        errors = date_errors(self, timezone.localdate())
        if errors:
            raise ValidationError(errors)


def date_errors(partnership: Partnership, today: dt.date) -> dict[str, str]:
    """Dates of a partnership that cannot all be true, each against the field to correct.

    The signing date may be known only to the month or the year: it counts as the period's
    last day, so a council decision in the year signed is never called later than the signing.
    """
    p, errors = partnership, {}
    signed = period_end(p.signed_on, p.signed_precision) if p.signed_on else None
    last_year = today.year + 1
    if p.signed_on and not EARLIEST_SIGNING_YEAR <= p.signed_on.year <= last_year:
        errors["signed_on"] = gettext(
            "The year signed must be between %(first)s and %(last)s; this one is %(year)s."
        ) % {"first": EARLIEST_SIGNING_YEAR, "last": last_year, "year": p.signed_on.year}
    elif signed and signed < today and p.status == Status.PROPOSED:
        errors["signed_on"] = gettext(
            "A proposed partnership is not signed yet, so it cannot have a signing date in the "
            "past. Clear the date, or move the partnership to “signed”."
        )
    council = p.council_decision_date
    if council and signed and council > signed:
        errors["council_decision_date"] = gettext(
            "The council decides before the signing, and this date is after it (%(signed)s)."
        ) % {"signed": p.signed_label}
    elif council and council > today and p.status in SIGNED_STATUSES:
        errors["council_decision_date"] = gettext(
            "The partnership is already signed, so its council decision cannot be in the future."
        )
    ministry = p.ministry_approval_date
    if ministry and council and ministry < council:
        errors["ministry_approval_date"] = gettext(
            "The ministry approves after the council decision, and this date is before it "
            "(%(council)s)."
        ) % {"council": format_partial(council, Precision.DAY)}
    return errors


class LifecycleEvent(Versioned):
    """A dated step in a partnership's life: who moved it to which status, and why."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.date or ''}".strip()

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url()


class Contact(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url()


class AgreementDocument(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="agreements/%Y/", validators=[validate_upload])
    signed_on = models.DateField(_("date signed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_on", "pk"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url()
