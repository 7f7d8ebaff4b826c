from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.authorities.models import Authority
from twintowns.core.forms import StyledFormMixin
from twintowns.places.forms import PlaceField


class ProfileForm(StyledFormMixin, forms.ModelForm):
    # The seat city: the public record's twins and the suggested partners are read from it.
    place = PlaceField(label=_("Seat city"), required=False)

    class Meta:
        model = Authority
        fields = [
            "name",
            "name_tr",
            "office_name",
            "office_name_tr",
            "place",
            "facts_year",
            "population",
            "area_km2",
            "districts",
            "students",
            "green_area_per_capita_m2",
            "sister_cities_stated",
            "highlights",
            "partnership_aims",
            "network_aims",
            "introduction",
            "address",
            "phone",
            "fax",
            "email",
            "website",
            "public_page",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "highlights",
                "partnership_aims",
                "network_aims",
                "introduction",
                "address",
            ]
        }
