"""Trends on hand-built records: years without gaps, themes counted once, one authority only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.insights.trends import chart
from twintowns.places.models import Country

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_years_run_without_gaps_and_another_authority_is_never_counted(
    authority: Authority, other_authority: Authority
) -> None:
    ActivityFactory(authority=authority, starts_on=dt.date(2010, 5, 1))
    ActivityFactory(authority=authority, starts_on=dt.date(2013, 5, 1), kind=Kind.MEETING,
                    direction=Direction.OUTGOING)  # fmt: skip
    ActivityFactory(authority=authority, starts_on=None)
    ActivityFactory(authority=other_authority, starts_on=dt.date(1999, 1, 1))

    by_kind = chart(authority, "activities-by-kind", TODAY)

    assert by_kind is not None
    assert by_kind.columns == ["site visit", "meeting on a specific issue"]
    assert [(r.label, r.values) for r in by_kind.rows] == [
        ("2010", [1, 0]),
        ("2011", [0, 0]),
        ("2012", [0, 0]),
        ("2013", [0, 1]),
        ("date unknown", [1, 0]),
    ]


def test_a_partner_counts_once_under_a_theme_of_its_record_or_its_activities(
    authority: Authority,
) -> None:
    culture, economy = Theme.objects.get(code="culture"), Theme.objects.get(code="economy")
    europe = Country.objects.create(code="HU", name="Hungary", name_tr="Macaristan", continent="EU")
    both = PartnershipFactory(authority=authority, partner=PlaceFactory(country=europe))
    both.themes.set([culture])
    for _ in range(2):
        ActivityFactory(authority=authority, partnerships=[both]).themes.set([culture, economy])
    on_record = PartnershipFactory(authority=authority)
    on_record.themes.set([economy])

    themes = chart(authority, "partners-by-theme", TODAY)

    assert themes is not None
    assert [(r.label, r.values) for r in themes.rows] == [
        ("Economy", [1, 1, 2]),
        ("Social and cultural activities", [1, 1, 1]),
    ]
    continents = chart(authority, "partners-by-continent", TODAY)
    assert continents is not None
    assert {r.label: r.values for r in continents.rows} == {"Asia": [1], "Europe": [1]}
