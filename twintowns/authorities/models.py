"""Authorities (the tenants) with their profile facts, and the roles users hold in them."""

import simple_history
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.core.history import ChangeHistory
from twintowns.core.models import Versioned
from twintowns.places.models import Place


class Authority(Versioned):
    """A local authority using Twintowns. Every record it owns points here."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_tr = models.CharField(_("Turkish name"), max_length=200, blank=True)
    office_name = models.CharField(_("office"), max_length=200, blank=True)
    office_name_tr = models.CharField(_("office (Turkish)"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("seat"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Profile facts ("Brief information"), as of `facts_year`.
    facts_year = models.PositiveSmallIntegerField(_("facts as of year"), null=True, blank=True)
    population = models.BigIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.PositiveIntegerField(_("area (km²)"), null=True, blank=True)
    districts = models.PositiveSmallIntegerField(_("districts"), null=True, blank=True)
    students = models.PositiveIntegerField(_("university students"), null=True, blank=True)
    green_area_per_capita_m2 = models.DecimalField(
        _("green area per capita (m²)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    sister_cities_stated = models.PositiveSmallIntegerField(
        _("sister and partner cities (stated)"), null=True, blank=True
    )
    highlights = models.TextField(_("highlights"), blank=True, help_text=_("One per line."))
    partnership_aims = models.TextField(
        _("aims of partnerships"), blank=True, help_text=_("One per line.")
    )
    network_aims = models.TextField(
        _("aims of memberships"), blank=True, help_text=_("One per line.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    # The office's contact details.
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Citizens' page of the city's partners at /city/<slug>/, off until the office opens it.
    public_page = models.BooleanField(
        _("public page"),
        default=False,
        help_text=_("Show the list of partner cities to everyone, without signing in."),
    )
    # Made by `twintowns synth` to measure speed at scale: never real records, never the demo.
    synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)
    # Grows with every change to the authority's records (authorities/versions.py): what is
    # computed from many records is cached under it, so no app server ever shows it stale.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["data_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        # Given to the staff of a union of municipalities or a ministry through the "Union
        # analysts" group: totals across every authority, never another authority's records.
        permissions = [
            ("view_union_insights", _("Can see the trends across all authorities")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("authorities:profile")

    @property
    def localized_name(self) -> str:
        """The name in the reader's language: the Turkish one for Turkish readers, if recorded."""
        turkish = (get_language() or "").startswith("tr")
        return self.name_tr if turkish and self.name_tr else self.name

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("administrator")


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class StaffRole(Versioned):
    """A user's role inside one authority."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_role_per_authority")
        ]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self) -> str:
        return f"{self.user} — {self.authority} ({self.get_role_display()})"

    def allows(self, needed: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(needed)]


# Who may sign in, who is an administrator, who is a Union analyst: audited like the records.
# A password hash is never copied into the history, nor the time of the last sign-in.
simple_history.register(
    User,
    app="twintowns.authorities",
    records_class=ChangeHistory,
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups", "user_permissions"],
)
simple_history.register(
    Group, app="twintowns.authorities", records_class=ChangeHistory, m2m_fields=["permissions"]
)
