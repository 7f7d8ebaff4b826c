from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from twintowns.authorities.models import Authority, StaffRole
from twintowns.authorities.selectors import users_named
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


class StaffRoleInviteForm(forms.ModelForm):
    """A role for a person named exactly, by user name or e-mail: an authority's administrator
    never browses the installation's users. An unknown e-mail is an invitation."""

    authority: Authority  # set by the admin for the request's authority

    person = forms.CharField(
        label=_("User name or e-mail"),
        max_length=150,
        help_text=_(
            "Type it exactly. Someone without an account yet: type their e-mail address, and "
            "they are sent a link to choose a password."
        ),
    )

    class Meta:
        model = StaffRole
        fields = ["role"]

    def clean_person(self) -> str:
        person = self.cleaned_data["person"].strip()
        found = users_named(person)
        if len(found) > 1:
            raise ValidationError(
                _("Several users have the e-mail address %(value)s: type the user name instead."),
                params={"value": person},
            )
        if found:
            self.instance.user = found[0]
            if StaffRole.objects.filter(user=found[0], authority=self.authority).exists():
                raise ValidationError(
                    _("%(value)s already has a role here: change it in the list of staff roles."),
                    params={"value": person},
                )
            return person
        try:
            validate_email(person)
        except ValidationError:
            raise ValidationError(
                _("No user is called %(value)s. To invite someone new, type their e-mail address."),
                params={"value": person},
            ) from None
        return person

    @property
    def invites(self) -> bool:
        """True when the person typed has no account yet."""
        return self.instance.user_id is None
