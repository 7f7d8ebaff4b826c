"""The place box: a text box that suggests gazetteer places as one types, and a field that takes
the place picked, or the one place the text names, or asks which one was meant."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import Script
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from twintowns.places.display import place_lines
from twintowns.places.models import Place
from twintowns.places.resolution import Problem, Resolution, place_resolve

# The longest text a place box takes: longer than any name with its country.
MAX_LENGTH = 200


def place_label(place: Place) -> str:
    """The text a picked place puts in the box: "Vienna, Virginia, United States"."""
    return place_lines([place])[0].label


@dataclass(frozen=True)
class PlaceEntry:
    """What a place box sends: the text, and the place picked for that text, if any.

    A pick (from the suggestions, or from the places offered after a question) holds only while
    the box still shows the text it was picked for; typing something else asks anew.
    """

    text: str
    pick: str = ""
    picked_for: str = ""

    @property
    def picked(self) -> int | None:
        holds = self.pick.isdigit() and self.text.strip() == self.picked_for.strip()
        return int(self.pick) if holds else None


class PlaceInput(forms.TextInput):
    """A text box whose suggestions come from the gazetteer as the user types (htmx).

    The box names its own target, swap and selection: inside a form that is itself sent by
    htmx it would otherwise inherit the form's (`hx-select="#record-form"`) and show nothing.
    """

    template_name = "places/widgets/place.html"

    class Media:
        js = [Script("places/place-box.js", defer=True)]
        css = {"all": ["places/place-box.css"]}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.attrs.update(
            {
                "autocomplete": "off",
                "maxlength": str(MAX_LENGTH),
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "hx-get": reverse_lazy("places:suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-sync": "this:replace",
                "hx-swap": "innerHTML",
                "hx-select": "unset",
            }
        )
        # Set by PlaceField when the text named no single place: the places to choose from.
        self.resolution: Resolution | None = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> PlaceEntry | None:
        if name not in data:
            return None
        return PlaceEntry(
            text=data.get(name) or "",
            pick=data.get(f"{name}_pick") or "",
            picked_for=data.get(f"{name}_for") or "",
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        entry = self._entry(value)
        context = super().get_context(name, entry, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id', name)}-list"
        widget["attrs"]["aria-controls"] = widget["list_id"]
        widget["attrs"]["hx-target"] = f"#{widget['list_id']}"
        widget["pick"], widget["picked_for"] = self._pick(entry)
        choices = self.resolution.choices if self.resolution else ()
        widget["choices"] = place_lines(choices)
        return context

    def format_value(self, value: Any) -> str | None:
        return value.text if isinstance(value, PlaceEntry) else super().format_value(value)

    def _pick(self, entry: Any) -> tuple[str, str]:
        """The place the box holds and the text it holds it for, so a resave keeps it; after a
        question, the text asked about, for which one of the places offered may be chosen."""
        if not isinstance(entry, PlaceEntry):
            return "", ""
        if self.resolution is not None:
            return "", entry.text
        return (entry.pick, entry.picked_for) if entry.picked else ("", "")

    @staticmethod
    def _entry(value: Any) -> Any:
        """A place given as the initial value (or its id), as the box holding it would send it."""
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            value = Place.objects.select_related("country", "region").filter(pk=value).first()
        if not isinstance(value, Place):
            return value
        label = place_label(value)
        return PlaceEntry(label, str(value.pk), label)


class PlaceField(forms.Field):
    widget = PlaceInput
    default_error_messages = {
        "unknown": _(
            "No place called “%(value)s” is in the gazetteer. "
            "Type a few letters and pick one of the suggestions."
        ),
        "unknown_near": _(
            "No place is called “%(value)s”. Choose the place meant, "
            "or type a few letters and pick one of the suggestions."
        ),
        "ambiguous": _(
            "Several places are called “%(value)s”. Choose the one meant, "
            "or add its country after a comma."
        ),
        "ambiguous_in": _(
            "Several places in %(country)s are called “%(value)s”. Choose the one meant."
        ),
        "unknown_country": _(
            "“%(country)s” is not a country the gazetteer knows. Choose the place meant."
        ),
        "too_long": _("A place name is at most %(limit)s characters long."),
        "gone": _("The place chosen is no longer in the gazetteer. Type its name again."),
    }

    def to_python(self, value: Any) -> Place | None:
        if isinstance(value, Place) or value is None:
            return value
        entry = value if isinstance(value, PlaceEntry) else PlaceEntry(str(value))
        if entry.picked is not None:
            return self._picked(entry.picked)
        if not entry.text.strip():
            return None
        if len(entry.text) > MAX_LENGTH:
            raise forms.ValidationError(
                self.error_messages["too_long"], code="too_long", params={"limit": MAX_LENGTH}
            )
        resolution = place_resolve(entry.text)
        if resolution.place is None:
            self.widget.resolution = resolution  # type: ignore[attr-defined]
            raise self._question(entry.text.strip(), resolution)
        return resolution.place

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            place = self.to_python(data)
        except forms.ValidationError:
            return True
        initial_pk = initial.pk if isinstance(initial, Place) else initial
        return (place.pk if place else None) != (initial_pk or None)

    def _picked(self, pk: int) -> Place:
        place = Place.objects.select_related("country", "region").filter(pk=pk).first()
        if place is None:
            raise forms.ValidationError(self.error_messages["gone"], code="gone")
        return place

    def _question(self, text: str, resolution: Resolution) -> forms.ValidationError:
        code = str(resolution.problem)
        params = {"value": resolution.name, "country": resolution.country}
        if resolution.problem == Problem.AMBIGUOUS and resolution.country:
            code = "ambiguous_in"
        elif resolution.problem != Problem.AMBIGUOUS:
            params["value"] = text
            if not resolution.choices:
                code = "unknown"
            elif resolution.problem == Problem.UNKNOWN:
                code = "unknown_near"
        return forms.ValidationError(self.error_messages[code], code=code, params=params)
