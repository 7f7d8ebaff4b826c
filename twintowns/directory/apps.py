from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "twintowns.directory"
    label = "directory"
    verbose_name = _("twin-town directory")

    def ready(self) -> None:
        from twintowns.authorities.registry import register
        from twintowns.directory.models import Dismissal

        register(Dismissal, history="dismissal")
