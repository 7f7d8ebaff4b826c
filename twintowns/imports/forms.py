from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import StyledFormMixin, lazy_capfirst
from twintowns.imports.mapping import KINDS
from twintowns.imports.services import job_targets
from twintowns.lib.tables import EXTENSIONS
from twintowns.places.selectors import country_names

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class UploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("The file lists"), choices=[(k, lazy_capfirst(v)) for k, v in KINDS.items()]
    )
    file = forms.FileField(
        label=_("File (CSV, TSV or XLSX)"),
        allow_empty_file=True,  # the reader says "The file is empty." in its own words
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{extension}" for extension in sorted(EXTENSIONS))}
        ),
    )


class MappingForm(forms.Form):
    """One select per column of the sheet, preselected with the field its header suggests; and
    one per name of a place that needs a choice, or was read as one of several places."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        headers: list[str],
        mapping: dict[str, str],
        unresolved: list[dict[str, Any]],
        resolutions: dict[str, Any],
        places: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.unresolved = unresolved
        # Every name of the file, those still to settle first.
        self.places = [*unresolved, *(places or [])]
        self.countries = country_names({c["country"] for p in self.places for c in _offered(p)})
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("(no header)"),
                choices=job_targets(kind),
                required=False,
                initial=mapping.get(header, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.questions = [place for place in self.places if _choosable(place)]
        for index, place in enumerate(self.questions):
            self.fields[f"place_{index}"] = forms.ChoiceField(
                label=", ".join(p for p in (place["city"], place["country"]) if p),
                choices=self._place_choices(place),
                required=False,
                initial=str(resolutions.get(place["key"], _taken_id(place))),
            )

    def column_fields(self, rows: list[list[str]]) -> list[tuple[forms.BoundField, list[str]]]:
        """Each column's select with the column's first values, for the preview."""
        return [
            (self[f"column_{i}"], [row[i] if i < len(row) else "" for row in rows])
            for i in range(len(self.headers))
        ]

    def place_fields(self) -> list[tuple[forms.BoundField | None, dict[str, Any], str]]:
        """Each name with its select, or with the one place it was read as when no other is."""
        fields = {place["key"]: self[f"place_{i}"] for i, place in enumerate(self.questions)}
        return [
            (
                fields.get(place["key"]),
                place,
                self.place_text(place["place"]) if place.get("place") else "",
            )
            for place in self.places
        ]

    def place_text(self, place: dict[str, Any]) -> str:
        """The place a name was read as, as the check shows it: "Tripoli, North Governorate,
        Lebanon · 229,398 people"."""
        country = self.countries.get(place["country"], place["country"])
        where = ", ".join(p for p in (place["name"], place.get("region", ""), country) if p)
        if place["population"]:
            people = gettext("%(population)s people") % {
                "population": intcomma(place["population"])
            }
        else:
            people = gettext("population unknown")
        return f"{where} · {people}"

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{index}"]
            for index, header in enumerate(self.headers)
        }

    def resolutions(self, earlier: dict[str, Any]) -> dict[str, Any]:
        """The choices made: a place or "skip" per name; choosing what the gazetteer would
        take anyway, or nothing, leaves the name to the gazetteer again."""
        chosen = dict(earlier)
        for index, place in enumerate(self.questions):
            value = self.cleaned_data.get(f"place_{index}")
            if value and value != str(_taken_id(place)):
                chosen[place["key"]] = value
            else:
                chosen.pop(place["key"], None)
        return chosen

    def _place_choices(self, place: dict[str, Any]) -> list[tuple[str, "StrOrPromise"]]:
        offered = place["candidates"] or _offered(place)
        first: list[tuple[str, StrOrPromise]] = (
            [] if place.get("place") else [("", _("— choose —"))]
        )
        return [
            *first,
            ("skip", _("Skip these rows")),
            *((str(c["id"]), self.place_text(c)) for c in offered),
        ]


def _offered(place: dict[str, Any]) -> list[dict[str, Any]]:
    """The places shown for a name: those to choose from, and the one it was read as."""
    return [*place["candidates"], *([place["place"]] if place.get("place") else [])]


def _taken_id(place: dict[str, Any]) -> int | str:
    """The id of the place the gazetteer takes for a name by itself, or "" if none."""
    return place["place"]["id"] if place.get("place") else ""


def _choosable(place: dict[str, Any]) -> bool:
    """Whether a name gets a select: it needs a choice, was given one, or has alternatives."""
    return not place.get("place") or "chosen" in place or len(place["candidates"]) > 1
