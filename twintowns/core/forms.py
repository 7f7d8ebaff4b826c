"""Form plumbing every app shares: Bootstrap classes, service errors shown on their fields."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from twintowns.core.models import Theme
from twintowns.lib.dates import Precision
from twintowns.lib.text import capfirst

# A label capitalised when shown, in the language active then.
lazy_capfirst = lazy(lambda text: capfirst(str(text)), str)


class Renderer(TemplatesSetting):
    field_template_name = "core/field.html"


class StyledFormMixin:
    """Gives every widget its Bootstrap class, so templates stay plain `{{ form }}`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if model is not None and name not in self.declared_fields:  # type: ignore[attr-defined]
                # Django capitalised the verbose name its own way ("Imza"); redo it ("İmza").
                field.label = lazy_capfirst(model._meta.get_field(name).verbose_name)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PrecisionField(forms.TypedChoiceField):
    """How much of a date is known; left empty, the whole date is."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Precision.choices, required=False, empty_value=Precision.DAY, **kwargs
        )


class ThemesField(forms.ModelMultipleChoiceField):
    """The themes of cooperation, as checkboxes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Themes"))
        super().__init__(
            Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, **kwargs
        )


class ThemeFilterField(forms.ModelChoiceField):
    """One theme to filter a list by, chosen by its code in the URL."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Theme"))
        super().__init__(
            Theme.objects.all(),
            required=False,
            empty_label=_("All themes"),
            to_field_name="code",
            **kwargs,
        )


class QuickSelect(forms.Select):
    """A select drawn in Python. Django draws each option through a template of its own, which
    took 80 ms for the 250 countries of a filter; this takes a few, with the same HTML."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option["value"] is None else option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )
