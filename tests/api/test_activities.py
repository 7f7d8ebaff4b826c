"""/api/v1/activities: list with filters, get, create, change, delete; partial dates."""

import datetime as dt
from typing import Any

import pytest

from tests.api.conftest import ApiClient
from tests.factories import ActivityFactory, OrganizationFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> list[str]:
    return [a["title"] for a in response.json()["items"]]


@pytest.mark.parametrize("n", [1, 3])
def test_list_is_a_fixed_number_of_queries(
    editor_api: ApiClient, authority: Authority, django_assert_num_queries: Any, n: int
) -> None:
    for _ in range(n):
        activity = ActivityFactory(
            authority=authority,
            partnerships=[PartnershipFactory(authority=authority)],
            place=PlaceFactory(),
            organization=OrganizationFactory(authority=authority),
        )
        activity.themes.set(Theme.objects.filter(code="culture"))
    # token with role, last use, count, page, partners with their names, themes
    with django_assert_num_queries(6):
        response = editor_api.get("activities/")
    assert response.json()["count"] == n
    assert [len(a["partners"]) for a in response.json()["items"]] == [1] * n


def test_an_activity_reads_the_same_listed_and_alone_with_every_field(
    editor_api: ApiClient, authority: Authority
) -> None:
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    bonn = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Bonn"))
    union = OrganizationFactory(authority=authority, name="Union of Cities", acronym="UCLG")
    answer = ActivityFactory(
        authority=authority, kind="culture_days", title="Seoul Days", starts_on=dt.date(2014, 5, 1)
    )
    place = PlaceFactory(name="Ankara", geonameid=323786, population=5_000_000)
    activity = ActivityFactory(
        authority=authority,
        title="Ankara Days in Seoul",
        kind="culture_days",
        direction="abroad",
        description="A week of music.",
        starts_on=dt.date(2015, 9, 10),
        ends_on=dt.date(2015, 9, 13),
        place=place,
        partnerships=[seoul, bonn],
        organization=union,
        reciprocal=answer,
        participants="The city orchestra",
        outcomes="A garden",
        participants_count=120,
        youth_involved=0,
        is_best_practice=True,
        lessons_learned="Book the hall early.",
    )
    activity.themes.set(Theme.objects.filter(code__in=["culture", "economy"]))

    listed = editor_api.get("activities/").json()["items"]
    alone = editor_api.get(f"activities/{activity.pk}").json()

    assert (
        listed[0]
        == alone
        == {
            "id": activity.pk,
            "version": 1,
            "kind": "culture_days",
            "direction": "abroad",
            "title": "Ankara Days in Seoul",
            "description": "A week of music.",
            "date_precision": "day",
            "start": "2015-09-10",
            "end": "2015-09-13",
            "starts_on": "2015-09-10",
            "ends_on": "2015-09-13",
            "place": {
                "id": place.pk,
                "geonameid": 323786,
                "name": "Ankara",
                "country": {
                    "code": "KR",
                    "name": "South Korea",
                    "name_tr": "Güney Kore",
                    "continent": "AS",
                },
                "latitude": 37.5,
                "longitude": 127.0,
                "population": 5_000_000,
            },
            # By the partner's name, and the themes by theme name, as everywhere else.
            "partners": [{"id": bonn.pk, "name": "Bonn"}, {"id": seoul.pk, "name": "Seoul"}],
            "organization": {"id": union.pk, "name": "Union of Cities", "acronym": "UCLG"},
            "reciprocal": answer.pk,
            "themes": ["economy", "culture"],
            "participants": "The city orchestra",
            "outcomes": "A garden",
            "participants_count": 120,
            "citizens_involved": None,
            "youth_involved": 0,
            "agreements_signed": None,
            "projects_started": None,
            "media_items": None,
            "is_best_practice": True,
            "lessons_learned": "Book the hall early.",
        }
    )
    assert listed[1]["id"] == answer.pk
    assert (listed[1]["place"], listed[1]["partners"], listed[1]["themes"]) == (None, [], [])


def test_a_list_gives_at_most_200_records(editor_api: ApiClient, authority: Authority) -> None:
    ActivityFactory(authority=authority)

    too_many = editor_api.get("activities/", {"limit": 201})

    assert too_many.status_code == 422
    assert too_many.json() == {
        "detail": [
            {
                "location": "query",
                "field": "limit",
                "message": "Input should be less than or equal to 200",
            }
        ]
    }
    assert editor_api.get("activities/", {"limit": 200}).json()["limit"] == 200


def test_list_filters_by_kind_direction_year_partner_words(
    editor_api: ApiClient, authority: Authority
) -> None:
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    ActivityFactory(
        authority=authority,
        title="Ankara Days in Seoul",
        kind="culture_days",
        direction="abroad",
        starts_on=dt.date(2006, 10, 1),
        partnerships=[seoul],
    )
    ActivityFactory(
        authority=authority,
        title="Metro study visit",
        kind="site_visit",
        direction="incoming",
        starts_on=dt.date(2015, 9, 10),
    )
    assert _titles(editor_api.get("activities/", {"kind": "culture_days"})) == [
        "Ankara Days in Seoul"
    ]
    assert _titles(editor_api.get("activities/", {"direction": "incoming"})) == [
        "Metro study visit"
    ]
    assert _titles(editor_api.get("activities/", {"year": 2015})) == ["Metro study visit"]
    assert _titles(editor_api.get("activities/", {"partner": seoul.pk})) == ["Ankara Days in Seoul"]
    assert _titles(editor_api.get("activities/", {"q": "seoul"})) == ["Ankara Days in Seoul"]
    assert _titles(editor_api.get("activities/")) == ["Metro study visit", "Ankara Days in Seoul"]
    assert editor_api.get("activities/", {"year": 1066}).status_code == 422


def test_partial_dates_are_given_as_far_as_known(
    editor_api: ApiClient, authority: Authority
) -> None:
    activity = ActivityFactory(
        authority=authority,
        starts_on=dt.date(2015, 10, 1),
        ends_on=dt.date(2015, 11, 1),
        date_precision="month",
    )
    body = editor_api.get(f"activities/{activity.pk}").json()
    assert (body["start"], body["end"], body["starts_on"], body["date_precision"]) == (
        "2015-10",
        "2015-11",
        "2015-10-01",
        "month",
    )


def test_create_with_partners_themes_and_a_year_only_date(
    editor_api: ApiClient, authority: Authority, editor: Any
) -> None:
    partner = PartnershipFactory(authority=authority)
    response = editor_api.post(
        "activities/",
        {
            "title": "Ankara Days in Astana",
            "kind": "culture_days",
            "direction": "abroad",
            "starts_on": "2001-06-15",
            "date_precision": "year",
            "partners": [partner.pk],
            "themes": ["culture"],
            "participants_count": 120,
        },
    )
    assert response.status_code == 201
    activity = Activity.objects.get()
    assert (activity.starts_on, activity.participants_count) == (dt.date(2001, 1, 1), 120)
    assert list(activity.partnerships.all()) == [partner]
    assert response.json()["start"] == "2001"
    assert activity.history.earliest().history_user == editor


def test_end_before_start_names_the_field(editor_api: ApiClient, authority: Authority) -> None:
    response = editor_api.post(
        "activities/",
        {
            "title": "Backwards",
            "kind": "meeting",
            "direction": "hosted",
            "starts_on": "2020-05-03",
            "ends_on": "2020-05-01",
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"location": "body", "field": "ends_on", "message": "The end cannot be before the start."}
    ]
    assert Activity.objects.count() == 0


def test_another_authoritys_partner_is_refused_by_name_of_field(
    editor_api: ApiClient, authority: Authority, other_authority: Authority
) -> None:
    theirs = PartnershipFactory(authority=other_authority)
    response = editor_api.post(
        "activities/",
        {"title": "T", "kind": "meeting", "direction": "hosted", "partners": [theirs.pk]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["partners"]
    assert Activity.objects.count() == 0


def test_patch_changes_only_the_fields_given(editor_api: ApiClient, authority: Authority) -> None:
    partner = PartnershipFactory(authority=authority)
    activity = ActivityFactory(authority=authority, title="Old", partnerships=[partner])
    response = editor_api.change(f"activities/{activity.pk}", {"title": "New", "outcomes": "MoU"})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.title, activity.outcomes, activity.kind) == ("New", "MoU", "site_visit")
    assert list(activity.partnerships.all()) == [partner]


def test_patch_with_an_empty_title_names_it(editor_api: ApiClient, authority: Authority) -> None:
    activity = ActivityFactory(authority=authority, title="Kept")
    response = editor_api.patch(f"activities/{activity.pk}", {"title": ""})
    assert [e["field"] for e in response.json()["detail"]] == ["title"]
    activity.refresh_from_db()
    assert activity.title == "Kept"


def test_delete_removes_it(editor_api: ApiClient, authority: Authority) -> None:
    activity = ActivityFactory(authority=authority)
    assert editor_api.delete(f"activities/{activity.pk}").status_code == 204
    assert Activity.objects.count() == 0
