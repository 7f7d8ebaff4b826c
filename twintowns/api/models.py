"""API tokens: a secret that lets a program act for one user in one authority."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twintowns.authorities.models import Authority


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is kept: the token itself is shown once, at creation.

    A plain SHA-256 is enough (a slow password hash is not needed) because the token is 256
    random bits, not something a person chose: there is no dictionary to try, and a fast hash
    lets every request find its token by an indexed lookup of the hash.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    authority = models.ForeignKey(
        Authority, verbose_name=_("authority"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    # Use is not history: last_used_at changes by a plain UPDATE, which leaves no history row.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
