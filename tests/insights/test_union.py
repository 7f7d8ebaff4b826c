"""Across all authorities: totals, top partner countries, trends; for the role made for it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import (
    ActivityFactory,
    AuthorityFactory,
    CountryFactory,
    PartnershipFactory,
    PlaceFactory,
    UserFactory,
)
from twintowns.authorities.services import union_analysts_group
from twintowns.insights.union import union_chart, union_totals

TODAY = timezone.localdate()

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client() -> Client:
    """A ministry's analyst: in the "Union analysts" group, with no role in any authority."""
    analyst = UserFactory(username="analyst")
    analyst.groups.add(union_analysts_group())
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def two_authorities(authority, other_authority):  # type: ignore[no-untyped-def]
    germany = CountryFactory(code="DE", name="Germany", name_tr="Almanya", continent="EU")
    france = CountryFactory(code="FR", name="France", name_tr="Fransa", continent="EU")
    berlin, bonn, paris = (
        PlaceFactory(name=name, country=country)
        for name, country in [("Berlin", germany), ("Bonn", germany), ("Paris", france)]
    )
    ankara_berlin = PartnershipFactory(
        authority=authority, partner=berlin, signed_on=dt.date(1995, 5, 1)
    )
    PartnershipFactory(authority=authority, partner=paris, signed_on=dt.date(2004, 1, 1))
    PartnershipFactory(authority=other_authority, partner=bonn, signed_on=dt.date(2001, 1, 1))
    ActivityFactory(
        authority=authority, starts_on=dt.date(2015, 4, 1), partnerships=[ankara_berlin]
    )
    ActivityFactory(authority=other_authority, starts_on=dt.date(2015, 9, 1))
    ActivityFactory(authority=other_authority, starts_on=dt.date(2017, 9, 1))
    return authority, other_authority


def _rows(slug: str) -> list[tuple[str, list[int]]]:
    found = union_chart(slug, TODAY)
    assert found is not None
    return [(row.label, row.values) for row in found.rows]


def test_the_totals_add_up_every_authority(two_authorities) -> None:  # type: ignore[no-untyped-def]
    totals = union_totals(TODAY)

    assert (totals.authorities, totals.partnerships, totals.activities, totals.countries) == (
        2,
        3,
        3,
        2,
    )


def test_each_authority_has_its_partnerships_countries_and_activities(two_authorities) -> None:  # type: ignore[no-untyped-def]
    assert _rows("authorities") == [
        ("Ankara Metropolitan Municipality", [2, 2, 1]),
        ("Izmir Metropolitan Municipality", [1, 1, 2]),
    ]


def test_top_partner_countries_count_partnerships_and_the_authorities_behind_them(  # type: ignore[no-untyped-def]
    two_authorities,
) -> None:
    assert _rows("top-partner-countries") == [("Germany", [2, 2]), ("France", [1, 1])]


def test_the_trends_count_every_authoritys_records(two_authorities) -> None:  # type: ignore[no-untyped-def]
    by_kind = _rows("activities-by-kind")
    assert by_kind == [("2015", [2]), ("2016", [0]), ("2017", [1]), ("date unknown", [0])]
    assert _rows("partnerships-by-decade")[:2] == [("1990–1999", [1]), ("2000–2009", [2])]


def test_the_analyst_sees_the_page_and_its_csv(analyst_client, two_authorities) -> None:  # type: ignore[no-untyped-def]
    page = analyst_client.get(reverse("insights:union"))
    csv = analyst_client.get(reverse("insights:union_csv", args=["top-partner-countries"]))

    assert page.status_code == 200
    assert [c.slug for c in page.context["charts"]][:2] == ["authorities", "top-partner-countries"]
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "Country,Partnerships,Authorities",
        "Germany,2,2",
        "France,1,1",
    ]


def test_an_office_role_is_not_enough(editor_client, admin_role) -> None:  # type: ignore[no-untyped-def]
    page = editor_client.get(reverse("insights:union"))
    csv = editor_client.get(reverse("insights:union_csv", args=["authorities"]))
    index = editor_client.get(reverse("insights:index"))

    assert (page.status_code, csv.status_code) == (403, 403)
    assert reverse("insights:union") not in index.content.decode()


def test_a_visitor_is_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("insights:union"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_analyst_with_an_office_role_finds_the_page_among_the_insights(  # type: ignore[no-untyped-def]
    editor, editor_client
) -> None:
    editor.groups.add(union_analysts_group())

    index = editor_client.get(reverse("insights:index"))

    assert reverse("insights:union") in index.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_the_page_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    analyst_client, django_assert_num_queries, n
) -> None:
    for i in range(n):
        authority = AuthorityFactory()
        partnership = PartnershipFactory(authority=authority, signed_on=dt.date(2000 + i, 1, 1))
        ActivityFactory(
            authority=authority, starts_on=dt.date(2010 + i, 1, 1), partnerships=[partnership]
        )
    analyst_client.get(reverse("insights:union"))  # counts once and keeps the figures

    # session, user, the user's roles, two for the permission; the installation's state; the
    # kept figures
    with django_assert_num_queries(7):
        response = analyst_client.get(reverse("insights:union"))

    assert response.status_code == 200
    assert not response.context["kept"].stale


def _union_refreshes() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="union_refresh").count()


def _run_the_task_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# The worker closes its database connection when done: outside a test transaction, then.
@pytest.mark.django_db(transaction=True)
def test_after_a_change_the_page_shows_the_last_count_and_the_worker_counts_again(  # type: ignore[no-untyped-def]
    analyst_client, two_authorities, django_assert_num_queries
) -> None:
    url = reverse("insights:union")
    first = analyst_client.get(url)
    assert first.context["totals"].activities == 3
    assert "being counted again" not in first.content.decode()

    ActivityFactory(authority=two_authorities[1], starts_on=dt.date(2018, 1, 1))
    stale = [analyst_client.get(url)]
    with django_assert_num_queries(8):  # as a fresh page, and one to see the count under way
        stale.append(analyst_client.get(url))

    assert [page.context["totals"].activities for page in stale] == [3, 3]
    assert all(page.context["kept"].stale for page in stale)
    assert "being counted again" in stale[0].content.decode()
    assert _union_refreshes() == 1  # two readers, one count

    _run_the_task_worker()
    fresh = analyst_client.get(url)

    assert fresh.context["totals"].activities == 4
    assert not fresh.context["kept"].stale
    csv = analyst_client.get(reverse("insights:union_csv", args=["activities-by-kind"]))
    assert "2018,1,1" in csv.content.decode("utf-8-sig").splitlines()


def test_the_count_is_kept_in_each_language(analyst_client, two_authorities) -> None:  # type: ignore[no-untyped-def]
    english = analyst_client.get(reverse("insights:union"), headers={"accept-language": "en"})
    turkish = analyst_client.get(reverse("insights:union"), headers={"accept-language": "tr"})

    assert english.context["charts"][1].title == "Top partner countries"
    assert turkish.context["charts"][1].title != "Top partner countries"


def test_the_chart_shows_the_largest_authorities_and_the_csv_has_all(  # type: ignore[no-untyped-def]
    analyst_client, monkeypatch
) -> None:
    monkeypatch.setattr("twintowns.insights.union.AUTHORITIES_SHOWN", 2)
    for name, partners in [("Small", 1), ("Large", 3), ("Middle", 2)]:
        authority = AuthorityFactory(name=name)
        for _ in range(partners):
            PartnershipFactory(authority=authority)

    chart = union_chart("authorities", TODAY)
    assert chart is not None
    assert [row.label for row in chart.rows] == ["Large", "Middle"]
    assert "the CSV has all 3" in chart.caption
    response = analyst_client.get(reverse("insights:union_csv", args=["authorities"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["Large", "Middle", "Small"]


def test_an_authority_named_like_a_formula_is_text_in_the_union_csv(analyst_client) -> None:  # type: ignore[no-untyped-def]
    PartnershipFactory(authority=AuthorityFactory(name='=HYPERLINK("http://evil.example","x")'))

    response = analyst_client.get(reverse("insights:union_csv", args=["authorities"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://evil.example"",""x"")",1,1,0'
