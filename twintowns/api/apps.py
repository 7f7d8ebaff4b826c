from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "twintowns.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from twintowns.api.models import ApiToken
        from twintowns.authorities.registry import register

        register(ApiToken)
