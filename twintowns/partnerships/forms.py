from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.core.forms import (
    DateInput,
    PrecisionField,
    QuickSelect,
    StyledFormMixin,
    ThemeFilterField,
    ThemesField,
)
from twintowns.partnerships.models import AgreementDocument, Contact, Kind, Partnership, Status
from twintowns.places.forms import PlaceField
from twintowns.places.models import Continent


class PartnershipForm(StyledFormMixin, forms.ModelForm):
    partner = PlaceField(label=_("Partner city"))
    signed_precision = PrecisionField(label=_("Precision of the signing date"))
    themes = ThemesField()

    class Meta:
        model = Partnership
        fields = [
            "partner",
            "kind",
            "signed_on",
            "signed_precision",
            "council_decision_number",
            "council_decision_date",
            "ministry_approval_number",
            "ministry_approval_date",
            "themes",
            "sources",
            "notes",
        ]
        widgets = {
            "signed_on": DateInput(),
            "council_decision_date": DateInput(),
            "ministry_approval_date": DateInput(),
            "sources": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        # Uniqueness and the rest are the service's to check, so the rule lives in one place.
        pass


class PartnershipCreateForm(PartnershipForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.ACTIVE)
    status_date = forms.DateField(label=_("Since"), required=False, widget=DateInput())

    field_order = ["partner", "kind", "status", "status_date"]

    class Meta(PartnershipForm.Meta):
        fields = [*PartnershipForm.Meta.fields[:2], "status", *PartnershipForm.Meta.fields[2:]]


class MoveForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "organisation", "email", "phone"]


class AgreementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "file", "signed_on"]
        widgets = {"signed_on": DateInput()}


class PartnershipFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("City, in any spelling: seul, pekin, viyana")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )
    continent = forms.ChoiceField(
        label=_("Continent"),
        choices=[("", _("All continents")), *Continent.choices],
        required=False,
    )
    country = forms.CharField(label=_("Country"), required=False, widget=QuickSelect)
    theme = ThemeFilterField()
