"""Office pages: they show the records, cost a fixed number of queries, hide other authorities."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from twintowns.activities.models import Direction, Kind
from twintowns.partnerships.services import partnership_update

pytestmark = pytest.mark.django_db


def _partners(authority, n):
    return [
        PartnershipFactory(authority=authority, partner=PlaceFactory(name=f"City {i}"))
        for i in range(n)
    ]


def _activities(authority, n, **fields):
    partnership = PartnershipFactory(authority=authority)
    return [
        ActivityFactory(
            authority=authority,
            title=f"Visit {i}",
            starts_on=dt.date(2014, 5, i + 1),
            partnerships=[partnership],
            **fields,
        )
        for i in range(n)
    ]


def _culture_days(authority, n):
    days = []
    for i in range(n):
        there = ActivityFactory(
            authority=authority,
            kind=Kind.CULTURE_DAYS,
            title=f"Ankara Days in City {i}",
            starts_on=dt.date(2000 + 2 * i, 1, 1),
            date_precision="year",
            direction=Direction.ABROAD,
        )
        here = ActivityFactory(
            authority=authority,
            kind=Kind.CULTURE_DAYS,
            title=f"City {i} Days in Ankara",
            starts_on=dt.date(2001 + 2 * i, 1, 1),
            date_precision="year",
            direction=Direction.HOSTED,
        )
        there.reciprocal = here
        there.save()
        days.append(there)
    return days


def _organizations(authority, n):
    return [
        MembershipFactory(organization=OrganizationFactory(authority=authority)).organization
        for _ in range(n)
    ]


def _conferences(authority, n):
    organization = OrganizationFactory(authority=authority)
    return [
        ActivityFactory(
            authority=authority,
            kind=Kind.CONFERENCE,
            direction=Direction.HOSTED,
            title=f"General Assembly {i}",
            organization=organization,
        )
        for i in range(n)
    ]


def _this_month(authority, n):
    today = timezone.localdate()
    return [
        ActivityFactory(authority=authority, title=f"Meeting {i}", starts_on=today)
        for i in range(n)
    ]


# (url name, maker of n records, queries) — the count is the same for 1 and for 3 records.
LISTS = [
    ("partnerships:list", _partners, 8),  # + the count of the pages
    ("activities:list", _activities, 9),
    ("activities:culture_days", _culture_days, 5),
    ("activities:conferences", _conferences, 5),
    ("networks:list", _organizations, 5),
    ("home", _activities, 15),  # + the health report for the dormant candidates (4)
    ("activities:calendar", _this_month, 5),
]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("name", "make", "queries"), LISTS, ids=[row[0] for row in LISTS])
def test_list_pages_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, name, make, queries, n
):
    records = make(authority, n)
    with django_assert_num_queries(queries):
        response = editor_client.get(reverse(name))
    assert response.status_code == 200
    for record in records:
        assert str(record) in response.text or getattr(record, "title", "") in response.text


def _partner_with_history(authority, n):
    partnership = PartnershipFactory(authority=authority)
    for i in range(n):
        ActivityFactory(authority=authority, title=f"Meeting {i}", partnerships=[partnership])
        partnership.contacts.create(name=f"Contact {i}")
    return partnership


def _activity_with_partners(authority, n):
    partners = _partners(authority, n)
    return ActivityFactory(authority=authority, partnerships=partners)


def _organization_with_conferences(authority, n):
    organization = _conferences(authority, n)[0].organization
    MembershipFactory(organization=organization)
    return organization


DETAILS = [
    (
        "partnerships:detail",
        _partner_with_history,
        15,
    ),  # + the count of the timeline, culture days apart
    ("activities:detail", _activity_with_partners, 8),
    ("networks:detail", _organization_with_conferences, 6),
]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("name", "make", "queries"), DETAILS, ids=[row[0] for row in DETAILS])
def test_detail_pages_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, name, make, queries, n
):
    record = make(authority, n)
    with django_assert_num_queries(queries):
        response = editor_client.get(reverse(name, args=[record.pk]))
    assert response.status_code == 200


def _edited_partnership(authority, n):
    partnership = PartnershipFactory(authority=authority, notes="v0")
    editor = StaffRoleFactory(authority=authority, user=UserFactory(username="historian")).user
    for i in range(n):
        partnership_update(actor=editor, partnership=partnership, notes=f"v{i + 1}")
    return partnership


@pytest.mark.parametrize("n", [1, 3])
def test_history_page_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    partnership = _edited_partnership(authority, n)
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("history", args=["partnership", partnership.pk]))
    assert [e.changes[0].new for e in response.context["entries"][:-1]] == [
        f"v{i}" for i in range(n, 0, -1)
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_profile_page_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    _partners(authority, n)
    with django_assert_num_queries(4):
        response = editor_client.get(reverse("authorities:profile"))
    assert response.context["recorded_partners"] == n


@pytest.mark.parametrize(("name", "make"), [(row[0], row[1]) for row in DETAILS])
def test_records_of_another_authority_answer_404(editor_client, other_authority, name, make):
    record = make(other_authority, 1)
    assert editor_client.get(reverse(name, args=[record.pk])).status_code == 404


def test_lists_do_not_show_another_authoritys_records(editor_client, other_authority):
    PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    response = editor_client.get(reverse("partnerships:list"), {"q": "smyrna"})
    assert "Smyrna" not in response.text


def test_history_of_another_authoritys_record_is_404(editor_client, other_authority):
    partnership = PartnershipFactory(authority=other_authority)
    assert (
        editor_client.get(reverse("history", args=["partnership", partnership.pk])).status_code
        == 404
    )


def test_office_pages_need_a_login(client, authority):
    response = client.get(reverse("partnerships:list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_page_shows_the_facts(editor_client, authority):
    authority.population = 5_100_000
    authority.email = "disiliskiler@ankara.bel.tr"
    authority.save()
    response = editor_client.get(reverse("authorities:profile"))
    assert "5,100,000" in response.text
    assert "disiliskiler@ankara.bel.tr" in response.text


def test_conferences_page_lists_only_those_hosted_here(editor_client, authority):
    ActivityFactory(
        authority=authority,
        kind=Kind.CONFERENCE,
        direction=Direction.HOSTED,
        title="OICC General Assembly",
    )
    ActivityFactory(
        authority=authority,
        kind=Kind.CONFERENCE,
        direction=Direction.ABROAD,
        title="Kharkov conference",
    )
    response = editor_client.get(reverse("activities:conferences"))
    assert [c.title for c in response.context["conferences"]] == ["OICC General Assembly"]
