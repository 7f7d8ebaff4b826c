"""A bad TWINTOWNS_HEALTH value stops the start with a message, as every other setting does."""

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from twintowns.insights.health import Thresholds


@register()
def health_thresholds_check(**kwargs: Any) -> list[Error]:
    try:
        Thresholds.from_settings()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="insights.E001")]
    return []
