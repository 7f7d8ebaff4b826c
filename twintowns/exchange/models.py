"""Calendar feeds: secret URLs a calendar application subscribes to, one authority's activities."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority
from twintowns.core.models import Versioned


def token_hash(token: str) -> str:
    """The digest kept in place of a feed's token.

    The token is 256 random bits, not a password a person chose: a fast, unsalted SHA-256
    cannot be brute-forced back, and it lets the feed URL be looked up by an index.
    """
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def live(self) -> "CalendarFeedQuerySet":
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(Versioned):
    """An iCalendar feed of the authority's activities, reached by a secret, revocable URL."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("Who or what it is for."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, so a person can tell which URL a row is; the rest is secret.
    token_prefix = models.CharField(_("begins with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    # Each fetch stamps `last_used_at`: that is a reading, not a change worth a history row.
    history = HistoricalRecords(excluded_fields=["last_used_at"])
    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("exchange:feeds")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def clean(self) -> None:
        # Revocation is final: whoever held the URL must never get the calendar back by an edit
        # (the admin, an import, the shell). A new feed gets a new secret instead.
        stored = CalendarFeed.objects.filter(pk=self.pk).values_list("revoked_at", flat=True)
        revoked_at = stored.first() if self.pk else None
        if revoked_at is not None and self.revoked_at != revoked_at:
            raise ValidationError(
                {"revoked_at": _("A revoked feed stays revoked: make a new one instead.")}
            )
