from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import QuickSelect, StyledFormMixin
from twintowns.directory.suggest import Filters
from twintowns.places.models import Continent, Country

TOPS = [(10, "10"), (20, "20"), (50, "50")]


class SuggestFilterForm(StyledFormMixin, forms.Form):
    """Narrow the suggested partners; every field optional."""

    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        widget=QuickSelect,
    )
    continent = forms.ChoiceField(
        label=_("Continent"),
        choices=[("", "—"), *[c for c in Continent.choices if c[0] != Continent.ANTARCTICA]],
        required=False,
    )
    min_population = forms.IntegerField(label=_("Population from"), min_value=0, required=False)
    max_population = forms.IntegerField(label=_("Population up to"), min_value=0, required=False)
    top = forms.TypedChoiceField(
        label=_("How many"), choices=TOPS, coerce=int, initial=10, required=False
    )

    def filters(self) -> Filters:
        """The valid filters as `suggest()` takes them (an invalid form filters nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        country = data.get("country")
        return Filters(
            country=country.code if country else None,
            continent=data.get("continent") or None,
            min_population=data.get("min_population"),
            max_population=data.get("max_population"),
            top=data.get("top") or 10,
        )


class TwinningFilterForm(StyledFormMixin, forms.Form):
    """Narrow the directory's table of twinnings; every field optional."""

    q = forms.CharField(label=_("Place"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        widget=QuickSelect,
    )

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        country = data.get("country")
        return {"query": (data.get("q") or "").strip(), "country": country.code if country else ""}
