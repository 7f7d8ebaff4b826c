"""Activity pages as a person uses them: the form posted as the browser posts it."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory
from twintowns.activities.models import Activity, Direction, Kind

pytestmark = pytest.mark.django_db


def test_new_culture_days_posted_with_their_reciprocal_are_saved_and_linked(
    editor_client, authority
):
    seoul_days = ActivityFactory(
        authority=authority,
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
        title="Seoul Days in Ankara",
    )

    response = editor_client.post(
        reverse("activities:create"),
        {
            "title": "Ankara Days in Seoul",
            "kind": "culture_days",
            "direction": "abroad",
            "starts_on": "2006-10-02",
            "date_precision": "day",
            "reciprocal": str(seoul_days.pk),
        },
        headers={"HX-Request": "true"},  # the form posts through htmx in the browser
    )

    created = Activity.objects.get(title="Ankara Days in Seoul")
    assert (response.status_code, response["HX-Redirect"]) == (200, created.get_absolute_url())
    assert created.reciprocal == seoul_days
