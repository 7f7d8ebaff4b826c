"""Partnerships: the authority and a partner place, lifecycle, approvals, documents, contacts."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority
from twintowns.core.models import Theme, Versioned
from twintowns.lib.dates import Precision, format_partial
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
