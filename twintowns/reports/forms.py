from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import StyledFormMixin


class YearsForm(StyledFormMixin, forms.Form):
    first_year = forms.IntegerField(label=_("From year"), min_value=1900, max_value=2100)
    last_year = forms.IntegerField(label=_("To year"), min_value=1900, max_value=2100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and first > last:
            self.add_error(
                "last_year",
                _("The last year (%(last)s) cannot be before the first (%(first)s).")
                % {"last": last, "first": first},
            )
        return data
