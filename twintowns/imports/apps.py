from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "twintowns.imports"
    label = "imports"
    verbose_name = _("imports")

    def ready(self) -> None:
        from twintowns.authorities.registry import register
        from twintowns.imports.models import ImportJob

        register(ImportJob)
