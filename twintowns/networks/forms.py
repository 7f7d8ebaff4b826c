from django import forms

from twintowns.core.forms import DateInput, StyledFormMixin
from twintowns.networks.models import Membership, Organization


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "acronym", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MembershipForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "role",
            "since_year",
            "until_year",
            "council_decision_number",
            "council_decision_date",
            "annual_dues",
            "dues_currency",
            "benefits",
            "notes",
        ]
        widgets = {
            "council_decision_date": DateInput(),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
