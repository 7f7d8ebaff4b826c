"""Insight pages computed once per version of the data: fewer queries, never stale."""

import datetime as dt
import pickle

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, AuthorityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Direction
from twintowns.lib.charts import Chart, Row

pytestmark = pytest.mark.django_db

OLD_MODULE = b"twintowns.insights.trends"


def test_the_health_page_is_computed_once_then_read_from_the_cache(  # type: ignore[no-untyped-def]
    editor_client, authority, django_assert_num_queries
) -> None:
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    url = reverse("insights:health")
    with django_assert_num_queries(7):  # session, user, roles; the report's four
        editor_client.get(url)
    with django_assert_num_queries(3):
        response = editor_client.get(url)
    assert "Seoul" in response.text


def test_a_change_shows_at_once_on_the_cached_pages(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    partnership = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    assert editor_client.get(reverse("insights:reciprocity")).context["report"].exchanges == []
    before = editor_client.get(reverse("insights:trends")).context["charts"][0]
    first = editor_client.get(reverse("insights:health")).context["report"]
    assert first.rows[0].health.paper_only

    ActivityFactory(
        authority=authority,
        direction=Direction.INCOMING,
        starts_on=dt.date.today() - dt.timedelta(days=30),
        partnerships=[partnership],
    )
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Oslo"))

    second = editor_client.get(reverse("insights:health")).context["report"]
    seoul = next(r for r in second.rows if r.partnership.partner.name == "Seoul")
    assert not seoul.health.paper_only
    assert seoul.health.parts[0].score == 100  # recency: an activity a month ago
    [exchange] = editor_client.get(reverse("insights:reciprocity")).context["report"].exchanges
    assert (exchange.partnership.partner.name, exchange.incoming) == ("Seoul", 1)
    assert "Oslo" in editor_client.get(reverse("home")).text  # paper only, on the dormant list
    after = editor_client.get(reverse("insights:trends")).context["charts"][0]
    counted = [sum(sum(row.values) for row in chart.rows) for chart in (before, after)]
    assert counted == [0, 1]


def test_another_authoritys_change_leaves_the_cache_alone(  # type: ignore[no-untyped-def]
    editor_client, authority, django_assert_num_queries
) -> None:
    PartnershipFactory(authority=authority)
    editor_client.get(reverse("insights:trends"))
    PartnershipFactory(authority=AuthorityFactory())

    with django_assert_num_queries(3):
        editor_client.get(reverse("insights:trends"))


def test_the_language_is_part_of_the_key(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    PartnershipFactory(authority=authority)
    english = editor_client.get(reverse("insights:trends"), HTTP_ACCEPT_LANGUAGE="en")
    turkish = editor_client.get(reverse("insights:trends"), HTTP_ACCEPT_LANGUAGE="tr")

    assert english.context["charts"][0].title == "Activities per year, by kind"
    assert turkish.context["charts"][0].title != english.context["charts"][0].title


@pytest.mark.parametrize(
    "name",
    ["home", "partnerships:list", "insights:health", "insights:reciprocity", "insights:trends"],
)
def test_a_cached_page_shows_a_new_partner_at_once(editor_client, authority, name) -> None:  # type: ignore[no-untyped-def]
    """The fragments are kept under the data version: the HTML changes with the records."""
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    visit = {"authority": authority, "direction": Direction.INCOMING, "partnerships": [seoul]}
    ActivityFactory(**visit, starts_on=dt.date(2009, 5, 1))
    first = editor_client.get(reverse(name)).text

    oslo = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Oslo"))
    ActivityFactory(**{**visit, "partnerships": [oslo]}, starts_on=dt.date(2010, 5, 1))
    second = editor_client.get(reverse(name)).text

    assert first != second
    if name != "insights:trends":  # trends count, they do not name partners
        assert "Oslo" not in first and "Oslo" in second


def test_the_activity_list_shows_a_new_activity_at_once(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    ActivityFactory(authority=authority, title="Visit of the mayor of Seoul")
    assert "Seoul" in editor_client.get(reverse("activities:list")).text

    ActivityFactory(authority=authority, title="Visit of the mayor of Oslo")

    assert "Oslo" in editor_client.get(reverse("activities:list")).text


def test_a_cached_list_page_reads_nothing_of_the_list_again(  # type: ignore[no-untyped-def]
    editor_client, authority, django_assert_num_queries
) -> None:
    PartnershipFactory(authority=authority)
    url = reverse("partnerships:list")
    editor_client.get(url)
    # session, user, roles, and the filter form's choices (countries, themes)
    with django_assert_num_queries(5):
        editor_client.get(url)


def test_a_partners_timeline_and_the_culture_days_show_a_new_activity_at_once(  # type: ignore[no-untyped-def]
    editor_client, authority
) -> None:
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    days = {"authority": authority, "kind": "culture_days", "partnerships": [seoul]}
    ActivityFactory(**days, title="Seoul Days in Ankara", starts_on=dt.date(2015, 5, 1))
    detail = reverse("partnerships:detail", args=[seoul.pk])
    culture_days = reverse("activities:culture_days")
    assert "Ankara Days in Seoul" not in editor_client.get(detail).text
    assert "Ankara Days in Seoul" not in editor_client.get(culture_days).text

    ActivityFactory(**days, title="Ankara Days in Seoul", starts_on=dt.date(2016, 5, 1))

    assert "Ankara Days in Seoul" in editor_client.get(detail).text
    assert "Ankara Days in Seoul" in editor_client.get(culture_days).text


def test_the_partner_map_and_its_geojson_show_a_new_partner_at_once(  # type: ignore[no-untyped-def]
    editor_client, authority
) -> None:
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    editor_client.get(reverse("partnerships:map"))
    editor_client.get(reverse("partnerships:geojson"))

    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Oslo"))

    assert "Oslo" in editor_client.get(reverse("partnerships:map")).text
    names = [
        f["properties"]["name"]
        for f in editor_client.get(reverse("partnerships:geojson")).json()["features"]
    ]
    assert sorted(names) == ["Oslo", "Seoul"]


def test_a_chart_kept_in_the_shared_cache_before_it_moved_to_lib_still_reads() -> None:
    chart = Chart(
        slug="authorities",
        title="Authorities",
        caption="",
        row_header="Authority",
        columns=["Partnerships"],
        rows=[Row("Ankara", [3])],
    )
    # As the union's figures were pickled into the database cache, naming the old module.
    kept = pickle.dumps(chart, protocol=0).replace(b"twintowns.lib.charts", OLD_MODULE)

    assert OLD_MODULE in kept
    assert pickle.loads(kept) == chart
