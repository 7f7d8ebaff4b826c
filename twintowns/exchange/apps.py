from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "twintowns.exchange"
    label = "exchange"
    verbose_name = _("files out")

    def ready(self) -> None:
        from twintowns.authorities.registry import register
        from twintowns.exchange.models import CalendarFeed

        register(CalendarFeed, history="calendar_feed")
