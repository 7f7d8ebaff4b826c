from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "twintowns.insights"
    label = "insights"
    verbose_name = _("insights")

    def ready(self) -> None:
        from twintowns.insights import checks  # noqa: F401  (registers the settings check)
