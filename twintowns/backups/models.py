"""The record of every restore: a restore replaces the database, so this record is carried over
from the database it replaced and written after it (services.restore_apply)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Restoration(models.Model):
    """Who restored which backup, and when; plain text, so that it outlives any record it names."""

    restored_at = models.DateTimeField(_("restored at"))
    restored_by = models.CharField(_("restored by"), max_length=150)
    host = models.CharField(_("on the machine"), max_length=255)
    file = models.CharField(_("backup file"), max_length=1000)
    made_at = models.DateTimeField(_("backup made at"))
    made_by = models.CharField(_("backup made by"), max_length=500)
    database = models.CharField(_("database"), max_length=20)
    records = models.PositiveBigIntegerField(_("records"))
    media_files = models.PositiveIntegerField(_("media files"))

    class Meta:
        ordering = ["-restored_at"]
        verbose_name = _("restore")
        verbose_name_plural = _("restores")

    def __str__(self) -> str:
        return f"{self.file} ({self.made_at:%Y-%m-%d %H:%M}), {self.restored_at:%Y-%m-%d %H:%M}"
