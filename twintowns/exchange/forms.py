from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import StyledFormMixin


class CalendarFeedForm(StyledFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("Who or what it is for, e.g. “Mayor's office calendar”."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the event texts."),
    )
