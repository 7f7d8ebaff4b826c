"""International organizations of cities, and the authority's memberships in them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority
from twintowns.core.history import related_as_recorded
from twintowns.core.models import Versioned


class Organization(Versioned):
    """An international organization of cities, as the authority records it."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"],
                name="one_organization_per_name",
                violation_error_message=_("An organization with this name is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.pk])


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    BOARD = "board", _("board member")
    PRESIDIUM = "presidium", _("presidium member")
    OBSERVER = "observer", _("observer")


class Membership(Versioned):
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since_year = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("member until"), null=True, blank=True)
    council_decision_number = models.CharField(_("council decision no."), max_length=50, blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    annual_dues = models.DecimalField(
        _("annual dues"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    dues_currency = models.CharField(_("currency"), max_length=3, blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "organization"],
                name="one_membership_per_organization",
                violation_error_message=_("This organization already has a membership."),
            )
        ]

    def __str__(self) -> str:
        # A version in the history may outlive its organization (deleting one deletes its
        # membership): it is then named after the organization's last version.
        organization = related_as_recorded(self, "organization")
        return str(organization) if organization else f"#{self.organization_id}"

    def get_absolute_url(self) -> str:
        return self.organization.get_absolute_url()
