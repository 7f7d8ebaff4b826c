from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    name = "twintowns.authorities"
    label = "authorities"
    verbose_name = _("authorities")

    def ready(self) -> None:
        from twintowns.authorities import versions

        versions.connect()
