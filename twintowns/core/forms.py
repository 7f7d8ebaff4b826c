"""Form plumbing every app shares: Bootstrap classes, service errors shown on their fields,
the version of the record a form was filled from."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.datastructures import MultiValueDict
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from twintowns.core.models import Theme, Versioned
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


READ_VERSION = "read_version"
MISSING_VERSION = _(
    "This form did not say which version of the record it was filled from, so saving it "
    "could undo someone else's change. Open the page again and make your change there."
)


class ReadVersionField(forms.Field):
    """The version of the record the form was filled from, sent back with it, hidden.

    Not a number is read as none given: the page then asks to open the form again.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        return int(text) if text.isdigit() and 0 < len(text) <= 10 else None


def carry_version(form: forms.BaseForm, record: models.Model | None) -> None:
    """Give `form` a hidden field holding the version `record` is at, if it is a stored
    versioned record: the form sends back the version its values were read at."""
    if isinstance(record, Versioned) and not record._state.adding:
        form.fields[READ_VERSION] = ReadVersionField(initial=record.version)


def show_unbound(form: forms.BaseForm, initial: dict[str, Any]) -> None:
    """Draw `form` again from `initial`, as a page first shows it, not from what was posted.

    What was posted is in a widget's own format (a place's text, a date's parts), which only
    the widget reads; values go back into the form by the same way the first page took.
    """
    form.is_bound = False
    form.data, form.files = MultiValueDict(), MultiValueDict()
    form.initial = initial
    # Django's form keeps these two until it is validated or drawn again; both start empty.
    form._errors = None  # type: ignore[attr-defined]
    form._bound_fields_cache.clear()  # type: ignore[attr-defined]


def initial_value(value: Any) -> Any:
    """A model value as a form's initial data takes it: records by their id, sets as lists."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | set | frozenset | tuple):
        return [initial_value(item) for item in value]
    return value


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
