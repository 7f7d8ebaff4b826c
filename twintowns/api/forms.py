from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import StyledFormMixin


class TokenForm(StyledFormMixin, forms.Form):
    label = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the city's open data portal")}),
    )
