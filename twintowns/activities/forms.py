from django import forms
from django.utils.translation import gettext_lazy as _

from twintowns.activities.models import IMPACT_FIELDS, Activity, Attachment, Direction, Kind
from twintowns.core.forms import (
    DateInput,
    PrecisionField,
    StyledFormMixin,
    ThemeFilterField,
    ThemesField,
)
from twintowns.places.forms import PlaceField


class ActivityForm(StyledFormMixin, forms.ModelForm):
    place = PlaceField(label=_("Place"), required=False)
    date_precision = PrecisionField(
        label=_("Date precision"),
        help_text=_(
            "Choose “year” when only the year is known, as for “Ankara Days in Astana, 2001”."
        ),
    )
    themes = ThemesField()

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "direction",
            "starts_on",
            "ends_on",
            "date_precision",
            "place",
            "partnerships",
            "organization",
            "reciprocal",
            "themes",
            "description",
            "participants",
            "outcomes",
            *IMPACT_FIELDS,
            "is_best_practice",
            "lessons_learned",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outcomes": forms.Textarea(attrs={"rows": 2}),
            "partnerships": forms.SelectMultiple(attrs={"size": 6}),
            "lessons_learned": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.NumberInput(attrs={"min": 0}) for name in IMPACT_FIELDS},
        }

    def __init__(self, *args: object, authority: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        fields = self.fields
        fields["partnerships"].queryset = authority.partnerships.select_related("partner")  # type: ignore[attr-defined]
        fields["organization"].queryset = authority.organizations.all()  # type: ignore[attr-defined]
        fields["reciprocal"].queryset = authority.activities.filter(kind=Kind.CULTURE_DAYS)  # type: ignore[attr-defined]
        # The two last groups, compact and under their own headings (see the field templates).
        # django-stubs lacks Field.template_name (Django 5.0+); group_heading is ours.
        for name in IMPACT_FIELDS:
            fields[name].template_name = "activities/fields/figure.html"  # type: ignore[attr-defined]
        fields[IMPACT_FIELDS[0]].group_heading = _("Impact")  # type: ignore[attr-defined]
        fields["is_best_practice"].template_name = "activities/fields/best_practice.html"  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service validates the record as a whole, so the rules live in one place.
        pass


class AttachmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["type", "file", "caption"]


class ActivityFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("All directions")), *Direction.choices],
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    theme = ThemeFilterField()


class BestPracticeFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    theme = ThemeFilterField()
