"""The admin's change forms, posted as a browser would: every field as the page shows it."""

from typing import Any

from django import forms
from django.test import Client
from django.utils.timezone import localtime


def as_shown(client: Client, url: str) -> dict[str, Any]:
    """What a browser sends back from the admin's change form when nothing is touched."""
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(bound.field.widget, forms.SplitDateTimeWidget):
            day, time = (localtime(value).date(), localtime(value).time()) if value else ("", "")
            data[f"{bound.html_name}_0"], data[f"{bound.html_name}_1"] = str(day), str(time)
        elif value is not None:
            data[bound.html_name] = str(value)
    return data
