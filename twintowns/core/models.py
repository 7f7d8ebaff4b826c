"""What several apps share: the themes of cooperation, and the version of a record."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twintowns.core.history import ChangeHistory


class Theme(models.Model):
    """A field of cooperation (the seed's list: social services, historical heritage, ...)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_tr = models.CharField(_("Turkish name"), max_length=100)

    history = ChangeHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name_tr if (get_language() or "").startswith("tr") else self.name


class Versioned(models.Model):
    """A record people edit: `version` is the number of its saves, and what an editor read.

    A form, an API request or the admin carries the version the record was read at, and
    `record_save` writes only if the row still holds it (one conditional UPDATE), so of two
    people who read the same version only the first to save wins; the other is shown both.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleRecord(Exception):
    """The record was saved (or deleted) by someone else after the version its editor read.

    Raised before anything of the save is written; the service's transaction undoes what it
    wrote before, so nothing is kept half-written.
    """

    def __init__(self, instance: Versioned, read_version: int) -> None:
        super().__init__(
            f"{type(instance).__name__} {instance.pk} changed since version {read_version}"
        )
        self.instance = instance
        self.read_version = read_version
