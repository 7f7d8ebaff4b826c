"""Insight pages: a fixed number of queries whatever the records, one authority's records only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Direction, Kind
from twintowns.core.models import Theme
from twintowns.partnerships.models import LifecycleEvent, Status

pytestmark = pytest.mark.django_db


def _partners_with_exchanges(authority, n):  # type: ignore[no-untyped-def]
    """n partners, each with visits both ways, culture days paired, a theme, a resumption."""
    culture = Theme.objects.get(code="culture")
    partnerships = []
    for i in range(n):
        partnership = PartnershipFactory(
            authority=authority, partner=PlaceFactory(name=f"City {i}")
        )
        partnership.themes.set([culture])
        LifecycleEvent.objects.create(
            partnership=partnership, status=Status.ENDED, date=dt.date(2010, 1, 1)
        )
        LifecycleEvent.objects.create(
            partnership=partnership, status=Status.ACTIVE, date=dt.date(2012, 1, 1)
        )
        for direction, year in [(Direction.INCOMING, 2014), (Direction.OUTGOING, 2020)]:
            ActivityFactory(
                authority=authority,
                direction=direction,
                starts_on=dt.date(year, 3, 1),
                partnerships=[partnership],
            ).themes.set([culture])
        there, here = (
            ActivityFactory(
                authority=authority,
                kind=Kind.CULTURE_DAYS,
                direction=direction,
                title=f"{title} {i}",
                starts_on=dt.date(year, 1, 1),
                date_precision="year",
                partnerships=[partnership],
            )
            for direction, year, title in [
                (Direction.ABROAD, 2016, "Ankara Days in City"),
                (Direction.HOSTED, 2017, "City Days in Ankara"),
            ]
        )
        there.reciprocal = here
        there.save()
        partnerships.append(partnership)
    return partnerships


# (url name, queries): session, user and roles (3), then the page's own.
PAGES = [
    ("insights:index", 5),  # and two for the union analysts' permission
    ("insights:trends", 10),  # activities, per decade, continents, themes (names, 3 counts)
    ("insights:reciprocity", 6),  # the table, the pairs, activities linked to no partner
    ("insights:health", 7),  # resumptions, the partnerships, their counts, their themes
    ("home", 15),  # the overview, coming up, lately, and the health report for its dormant list
]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("name", "queries"), PAGES, ids=[row[0] for row in PAGES])
def test_insight_pages_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, name, queries, n
):
    partnerships = _partners_with_exchanges(authority, n)
    with django_assert_num_queries(queries):
        response = editor_client.get(reverse(name))
    assert response.status_code == 200
    if name in ("insights:reciprocity", "insights:health"):
        for partnership in partnerships:
            assert partnership.partner.name in response.text


@pytest.mark.parametrize("n", [1, 3])
def test_a_trend_csv_and_a_health_detail_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    partnership = _partners_with_exchanges(authority, n)[0]
    with django_assert_num_queries(10):
        response = editor_client.get(reverse("insights:trend_csv", args=["activities-by-kind"]))
    assert response.content.decode("utf-8-sig").splitlines()[0] == (
        "Year,site visit,culture days,Total"
    )
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("insights:health_detail", args=[partnership.pk]))
    assert response.context["row"].partnership == partnership


def test_the_reciprocity_page_links_the_pairs_and_shows_whose_turn_it_is(editor_client, authority):
    [partnership] = _partners_with_exchanges(authority, 1)
    response = editor_client.get(reverse("insights:reciprocity"))
    [exchange] = response.context["report"].exchanges
    assert exchange.partnership == partnership
    assert exchange.visit_turn.ours is False  # we went last, in 2020
    assert exchange.days_turn.ours is True  # ours there in 2016 answered by theirs here, 2017
    pair = exchange.pairs[0]
    assert reverse("activities:detail", args=[pair.first_pk]) in response.text
    assert reverse("activities:detail", args=[pair.answer_pk]) in response.text


def test_the_health_page_shows_each_part_with_its_inputs(editor_client, authority):
    [partnership] = _partners_with_exchanges(authority, 1)
    response = editor_client.get(reverse("insights:health"))
    text = response.text
    assert "Recency" in text and "Follow-through" in text
    assert "Resumed on Jan. 1, 2012: only the activities since then count." in text
    assert "2 here, 2 there" in text  # incoming and their days; outgoing and our days
    assert f'id="partnership-{partnership.pk}"' in text


def test_the_health_page_lists_only_dormant_candidates_when_asked(editor_client, authority):
    active = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Lively"))
    ActivityFactory(authority=authority, starts_on=timezone.localdate(), partnerships=[active])
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Paper"))
    response = editor_client.get(reverse("insights:health"), {"dormant": "1", "sort": "name"})
    assert [r.partnership.partner.name for r in response.context["rows"]] == ["Paper"]


def test_the_home_page_lists_the_dormant_candidates(editor_client, authority):
    silent = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Silentville"))
    ActivityFactory(authority=authority, starts_on=dt.date(2016, 1, 1), partnerships=[silent])
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Paperton"))
    lively = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Livelyburg"))
    ActivityFactory(authority=authority, starts_on=timezone.localdate(), partnerships=[lively])

    response = editor_client.get(reverse("home"))

    dormant = response.context["health"].dormant
    assert [r.partnership.partner.name for r in dormant] == ["Silentville", "Paperton"]
    assert "Livelyburg" not in response.text.split('id="dormant"')[1]
    assert reverse("insights:health_detail", args=[silent.pk]) in response.text


def test_another_authoritys_health_detail_is_404_and_an_unknown_chart_too(
    editor_client, other_authority
):
    theirs = PartnershipFactory(authority=other_authority)
    assert editor_client.get(reverse("insights:health_detail", args=[theirs.pk])).status_code == 404
    response = editor_client.get(reverse("insights:trend_csv", args=["no-such-chart"]))
    assert response.status_code == 404


def test_an_ended_partnerships_health_page_says_it_is_not_scored(editor_client, authority):
    ended = PartnershipFactory(authority=authority, status=Status.ENDED)
    response = editor_client.get(reverse("insights:health_detail", args=[ended.pk]))
    assert "Ended partnerships are neither scored nor flagged." in response.text


def test_insight_pages_need_a_login(client, authority):
    response = client.get(reverse("insights:trends"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_health_list_shows_fifty_a_page_and_counts_them_all(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    for i in range(52):
        PartnershipFactory(authority=authority, partner=PlaceFactory(name=f"City {i:02}"))

    first = editor_client.get(reverse("insights:health"), {"sort": "name"})
    second = editor_client.get(reverse("insights:health"), {"sort": "name", "page": 2})

    assert [r.partnership.partner.name for r in second.context["rows"]] == ["City 50", "City 51"]
    assert len(first.context["rows"]) == 50
    assert "All 52 scored" in first.content.decode()
    assert "51 to 52 of 52" in second.content.decode()


def test_a_theme_named_like_a_formula_is_text_in_the_trends_csv(editor_client, authority):
    hostile = Theme.objects.create(code="hostile", name="@SUM(1+1)*cmd|' /C calc'!A0", name_tr="x")
    PartnershipFactory(authority=authority).themes.set([hostile])

    response = editor_client.get(reverse("insights:trend_csv", args=["partners-by-theme"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "'@SUM(1+1)*cmd|' /C calc'!A0,1,0,1"
