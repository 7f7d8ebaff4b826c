"""A planned activity is not counted as held anywhere: every count, "last activity" and turn
is of the activities held (a start up to today, or no date); those planned are shown apart."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient, token_for
from tests.exchange.helpers import csv_rows
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    PartnershipFactory,
    PlaceFactory,
    UserFactory,
)
from twintowns.activities.models import Direction, Kind
from twintowns.authorities.models import Authority, StaffRole
from twintowns.authorities.services import union_analysts_group
from twintowns.core.models import Theme
from twintowns.insights.reciprocity import Turn
from twintowns.partnerships.models import Partnership
from twintowns.reports.selectors import annual_report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1
WENT = dt.date(2020, 5, 4)
COMING = dt.date(NEXT_YEAR, 3, 1)


@pytest.fixture
def seoul(authority: Authority) -> Partnership:
    """We went to Seoul in 2020; their delegation is planned for next year."""
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    ActivityFactory(
        authority=authority,
        title="Our delegation to Seoul",
        partnerships=[seoul],
        starts_on=WENT,
        direction=Direction.OUTGOING,
        participants_count=10,
    )
    coming = ActivityFactory(
        authority=authority,
        title="Seoul delegation to Ankara",
        partnerships=[seoul],
        starts_on=COMING,
        direction=Direction.INCOMING,
        participants_count=500,
    )
    coming.themes.set(Theme.objects.filter(code="economy"))
    return seoul


def test_reciprocity_turns_on_the_last_visit_held_and_shows_the_planned_one_apart(
    editor_client: Client, seoul: Partnership
) -> None:
    response = editor_client.get(reverse("insights:reciprocity"))

    [exchange] = response.context["report"].exchanges
    assert exchange.visit_turn == Turn(False, "we went last, in 2020")
    assert (exchange.incoming, exchange.outgoing, exchange.planned) == (0, 1, 1)
    assert "1 activity planned (not counted until it is held)." in response.text
    assert f"they came last, in {NEXT_YEAR}" not in response.text


def test_the_partners_list_counts_and_dates_what_was_held_and_says_what_is_planned(
    editor_client: Client, seoul: Partnership
) -> None:
    response = editor_client.get(reverse("partnerships:list"))

    [row] = response.context["partnerships"]
    assert (row.activity_count, row.last_activity) == (1, WENT)
    assert row.planned_count == 1
    assert '<div class="small text-body-secondary">1 planned</div>' in response.text


def test_the_api_and_the_map_give_the_same_counts(
    editor_client: Client, editor_role: StaffRole, seoul: Partnership
) -> None:
    partner = ApiClient(token_for(editor_role)).get(f"partners/{seoul.pk}").json()
    [feature] = editor_client.get(reverse("partnerships:geojson")).json()["features"]

    assert (partner["activity_count"], partner["last_activity"]) == (1, "2020-05-04")
    assert partner["planned_count"] == 1
    assert (feature["properties"]["activity_count"], feature["properties"]["last_activity"]) == (
        1,
        2020,
    )


def test_trends_count_a_planned_activity_in_a_row_of_its_own_and_not_in_its_year(
    editor_client: Client, seoul: Partnership
) -> None:
    rows = csv_rows(editor_client.get(reverse("insights:trend_csv", args=["activities-by-kind"])))
    themes = csv_rows(editor_client.get(reverse("insights:trend_csv", args=["partners-by-theme"])))

    assert rows == [
        ["Year", "site visit", "Total"],
        ["2020", "1", "1"],
        ["planned, not yet held", "1", "1"],
        ["date unknown", "0", "0"],
    ]
    assert themes == [["Theme", "On the partnership", "In its activities", "Either"]]


def test_impact_counts_what_was_held_and_says_what_is_planned(
    editor_client: Client, seoul: Partnership
) -> None:
    response = editor_client.get(reverse("activities:impact"))
    detail = editor_client.get(reverse("partnerships:detail", args=[seoul.pk]))

    assert [(y.year, y.impact.activities) for y in response.context["years"]] == [(2020, 1)]
    assert response.context["total"].counted == [("Number of participants", 10)]
    assert "1 activity planned (not counted until it is held)." in response.text
    assert (detail.context["impact"].activities, detail.context["impact"].counted) == (
        1,
        [("Number of participants", 10)],
    )


def test_the_home_page_counts_activities_held_and_shows_the_planned_apart(
    editor_client: Client, seoul: Partnership, authority: Authority
) -> None:
    ActivityFactory(
        authority=authority, kind=Kind.CULTURE_DAYS, starts_on=COMING, title="Seoul Days"
    )

    response = editor_client.get(reverse("home"))

    overview = response.context["overview"]
    assert (overview.activities, overview.culture_days) == (1, 0)
    assert overview.planned == 2
    assert '<div class="text-body-secondary small">2 planned</div>' in response.text


def test_the_union_counts_activities_held(seoul: Partnership, other_authority: Authority) -> None:
    ActivityFactory(authority=other_authority, starts_on=None)  # undated: held
    ActivityFactory(authority=other_authority, starts_on=TODAY)  # today: held
    analyst = UserFactory(username="analyst")
    analyst.groups.add(union_analysts_group())
    client = Client()
    client.force_login(analyst)

    response = client.get(reverse("insights:union"))

    totals = response.context["totals"]
    assert totals.activities == 3
    assert totals.planned == 1
    by_authority = csv_rows(client.get(reverse("insights:union_csv", args=["authorities"])))
    assert [row[0:1] + row[3:] for row in by_authority] == [
        ["Authority", "Activities held"],
        ["Ankara Metropolitan Municipality", "1"],
        ["Izmir Metropolitan Municipality", "2"],
    ]


def test_the_annual_presentation_lists_only_what_was_held(
    seoul: Partnership, authority: Authority
) -> None:
    report = annual_report(authority, NEXT_YEAR, NEXT_YEAR)

    [visits] = [s for s in report.sections if s.key == "site_visits"]
    assert (visits.rows, visits.lead) == (
        [],
        "1 more is planned in these years; it is listed once held.",
    )


def test_an_organization_counts_the_conferences_it_brought_here_already(
    editor_client: Client, authority: Authority
) -> None:
    uclg = OrganizationFactory(authority=authority, name="UCLG-MEWA")
    for starts_on in (dt.date(2014, 5, 1), COMING):
        ActivityFactory(
            authority=authority,
            kind=Kind.CONFERENCE,
            direction=Direction.HOSTED,
            organization=uclg,
            starts_on=starts_on,
        )

    response = editor_client.get(reverse("networks:list"))

    assert [(o.name, o.conference_count) for o in response.context["organizations"]] == [
        ("UCLG-MEWA", 1)
    ]
