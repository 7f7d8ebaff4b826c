"""An import of a spreadsheet: the file kept, its mapping, its check and its result."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twintowns.authorities.models import Authority
from twintowns.imports.mapping import KINDS


class JobStatus(models.TextChoices):
    READING = "reading", _("reading the file")
    UPLOADED = "uploaded", _("uploaded")
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked")
    QUEUED = "queued", _("waiting to import")
    IMPORTING = "importing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class ImportJob(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="import_jobs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(_("what the file holds"), max_length=20)
    file = models.FileField(_("file"), upload_to="imports/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    # The headers and the first rows, read once by the worker, so the page need not read the file.
    preview = models.JSONField(default=dict)
    mapping = models.JSONField(_("column mapping"), default=dict)
    # Unresolved place (city and country, tab-separated) -> a place id or "skip".
    resolutions = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (
            JobStatus.READING,
            JobStatus.CHECKING,
            JobStatus.QUEUED,
            JobStatus.IMPORTING,
        )

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.report.get("errors", []))

    @property
    def headers(self) -> list[str]:
        return list(self.preview.get("headers", []))
