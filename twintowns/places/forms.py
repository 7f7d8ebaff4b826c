"""A form field that finds a place by the name typed, in any spelling the gazetteer knows."""

import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from twintowns.places.models import Place
from twintowns.places.selectors import place_search

# A suggestion reads "Seoul, South Korea · 1835848"; the trailing number is the GeoNames id.
GEONAMEID_SUFFIX = re.compile(r"·\s*(\d+)\s*$")


def place_label(place: Place) -> str:
    return f"{place} · {place.geonameid}" if place.geonameid else str(place)


class PlaceInput(forms.TextInput):
    """A text box whose suggestions come from the gazetteer as the user types (htmx + datalist)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("places:suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "next datalist",
                "hx-swap": "innerHTML",
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-options"
        return context

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Place):
            return place_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            place = Place.objects.select_related("country").filter(pk=value).first()
            return place_label(place) if place else None
        return super().format_value(value)


class PlaceField(forms.Field):
    widget = PlaceInput
    default_error_messages = {
        "unknown": _(
            "No place called “%(value)s” is in the gazetteer. "
            "Type a few letters and pick one of the suggestions."
        ),
    }

    def to_python(self, value: Any) -> Place | None:
        if isinstance(value, Place):
            return value
        text = (value or "").strip()
        if not text:
            return None
        match = GEONAMEID_SUFFIX.search(text)
        if match:
            place = Place.objects.select_related("country").filter(geonameid=int(match[1])).first()
        else:
            name = text.split(",")[0]
            found = place_search(name, limit=1)
            place = found[0] if found else None
        if place is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return place

    def prepare_value(self, value: Any) -> Any:
        return value
