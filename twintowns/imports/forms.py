from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import StyledFormMixin, lazy_capfirst
from twintowns.imports.mapping import KINDS
from twintowns.imports.reading import EXTENSIONS
from twintowns.imports.services import job_targets


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
    """One select per column of the sheet, preselected with the field its header suggests."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        headers: list[str],
        mapping: dict[str, str],
        unresolved: list[dict[str, Any]],
        resolutions: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.unresolved = unresolved
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("(no header)"),
                choices=job_targets(kind),
                required=False,
                initial=mapping.get(header, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        for index, place in enumerate(unresolved):
            choices = [("", _("— choose —")), ("skip", _("Skip these rows"))] + [
                (str(c["id"]), f"{c['name']} ({c['country']}, {c['population']:,})")
                for c in place["candidates"]
            ]
            self.fields[f"place_{index}"] = forms.ChoiceField(
                label=", ".join(p for p in (place["city"], place["country"]) if p),
                choices=choices,
                required=False,
                initial=str(resolutions.get(place["key"], "")),
            )

    def column_fields(self, rows: list[list[str]]) -> list[tuple[forms.BoundField, list[str]]]:
        """Each column's select with the column's first values, for the preview."""
        return [
            (self[f"column_{i}"], [row[i] if i < len(row) else "" for row in rows])
            for i in range(len(self.headers))
        ]

    def place_fields(self) -> list[tuple[forms.BoundField, dict[str, Any]]]:
        return [(self[f"place_{i}"], place) for i, place in enumerate(self.unresolved)]

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{index}"]
            for index, header in enumerate(self.headers)
        }

    def resolutions(self, earlier: dict[str, Any]) -> dict[str, Any]:
        chosen = dict(earlier)
        for index, place in enumerate(self.unresolved):
            value = self.cleaned_data.get(f"place_{index}")
            if value:
                chosen[place["key"]] = value
        return chosen
