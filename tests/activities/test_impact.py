"""The impact register: figures counted on activities, added up per year and per partner."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.selectors import (
    Impact,
    PartnerImpact,
    YearImpact,
    impact_per_partner,
    impact_per_year,
    partnership_impact,
)

pytestmark = pytest.mark.django_db
NONE = (None,) * 6
TODAY = timezone.localdate()


def _counted(authority, **fields):
    return ActivityFactory(authority=authority, **fields)


def _years(authority, other_authority):
    _counted(authority, starts_on=dt.date(2014, 5, 3), participants_count=40, agreements_signed=1)
    _counted(  # known only by its year
        authority,
        starts_on=dt.date(2014, 1, 1),
        date_precision="year",
        participants_count=10,
        media_items=3,
    )
    _counted(authority, starts_on=dt.date(2013, 10, 1), date_precision="month")
    _counted(authority, youth_involved=25)  # undated
    _counted(authority, agreements_signed=0)  # undated, and counted: none signed
    _counted(authority)  # undated, nothing counted
    _counted(other_authority, starts_on=dt.date(2014, 6, 1), participants_count=999)


def test_totals_per_year_add_only_what_was_counted(authority, other_authority):
    _years(authority, other_authority)
    assert impact_per_year(authority, TODAY) == [
        YearImpact(2014, Impact(2, 2, (50, None, None, 1, None, 3))),
        YearImpact(2013, Impact(1, 0, NONE)),
        YearImpact(None, Impact(3, 2, (None, None, 25, 0, None, None))),
    ]


def test_the_total_of_the_years_keeps_uncounted_figures_empty(authority, other_authority):
    _years(authority, other_authority)
    total = Impact.total(y.impact for y in impact_per_year(authority, TODAY))
    assert total == Impact(6, 4, (50, None, 25, 1, None, 3))
    assert total.counted == [
        ("Number of participants", 50),
        ("Young people involved", 25),
        ("Agreements signed", 1),
        ("Media items", 3),
    ]


def test_no_activity_means_no_year_and_an_empty_total(authority):
    assert impact_per_year(authority, TODAY) == []
    assert Impact.total([]) == Impact(0, 0, NONE)


def test_an_activity_with_two_partners_counts_for_each(authority, other_authority):
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Tirana"))  # no activity
    _counted(authority, partnerships=[kabul, seoul], participants_count=12, projects_started=1)
    _counted(authority, partnerships=[kabul], participants_count=30, citizens_involved=200)
    _counted(authority, partnerships=[kabul])
    foreign = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    _counted(other_authority, partnerships=[foreign], participants_count=999)

    rows = impact_per_partner(authority, TODAY)

    assert rows == [
        PartnerImpact(kabul, Impact(3, 2, (42, 200, None, None, 1, None))),
        PartnerImpact(seoul, Impact(1, 1, (12, None, None, None, 1, None))),
    ]
    assert partnership_impact(kabul, TODAY) == rows[0].impact
    assert partnership_impact(
        PartnershipFactory(authority=authority, partner=PlaceFactory(name="Bishkek")), TODAY
    ) == Impact(0, 0, NONE)


def test_the_page_shows_a_dash_for_not_counted_and_0_for_none(editor_client, authority):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    _counted(authority, starts_on=dt.date(2014, 5, 3), partnerships=[kabul], agreements_signed=0)
    response = editor_client.get(reverse("activities:impact"))
    row = response.text.split('<th scope="row">2014</th>')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="text-end">')[1:]]
    dash = '<span class="text-body-secondary" title="not counted">—</span>'
    assert cells == ["1", "1", dash, dash, dash, "0", dash, dash]
    assert [r.partnership for r in response.context["partners"]] == [kabul]


def _csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_years_download_as_csv_with_empty_cells_where_nothing_was_counted(
    editor_client, authority, other_authority
):
    _years(authority, other_authority)
    response = editor_client.get(reverse("activities:impact_years_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="impact-per-year.csv"'
    assert _csv_rows(response) == [
        [
            "Year",
            "Activities",
            "With figures",
            "Participants",
            "Citizens",
            "Young people",
            "Agreements",
            "Projects",
            "Media items",
        ],
        ["2014", "2", "2", "50", "", "", "1", "", "3"],
        ["2013", "1", "0", "", "", "", "", "", ""],
        ["date unknown", "3", "2", "", "", "25", "0", "", ""],
        ["Total", "6", "4", "50", "", "25", "1", "", "3"],
    ]


def test_the_partners_download_as_csv_in_turkish(editor_client, authority, other_authority):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    _counted(authority, partnerships=[kabul], participants_count=30)
    foreign = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    _counted(other_authority, partnerships=[foreign], participants_count=999)
    response = editor_client.get(
        reverse("activities:impact_partners_csv"), headers={"accept-language": "tr"}
    )
    rows = _csv_rows(response)
    assert rows[1:] == [["Kabul", "Güney Kore", "1", "1", "30", "", "", "", "", ""]]
    assert len(rows[0]) == 10


def _activities_in_years(authority, n):
    for i in range(n):
        partnership = PartnershipFactory(authority=authority, partner=PlaceFactory())
        _counted(
            authority,
            starts_on=dt.date(2010 + i, 1, 1),
            partnerships=[partnership],
            participants_count=i,
        )


@pytest.mark.parametrize("n", [1, 3])
def test_the_impact_page_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    _activities_in_years(authority, n)
    # The fifth counts the planned activities, which the page shows apart.
    with django_assert_num_queries(6):
        response = editor_client.get(reverse("activities:impact"))
    assert (len(response.context["years"]), len(response.context["partners"])) == (n, n)


@pytest.mark.parametrize("n", [1, 3])
def test_the_downloads_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    _activities_in_years(authority, n)
    with django_assert_num_queries(4):
        years = editor_client.get(reverse("activities:impact_years_csv"))
    with django_assert_num_queries(4):
        partners = editor_client.get(reverse("activities:impact_partners_csv"))
    assert (len(_csv_rows(years)), len(_csv_rows(partners))) == (n + 2, n + 1)


def test_the_partner_page_shows_its_impact(editor_client, authority):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    _counted(authority, partnerships=[kabul], participants_count=1200, media_items=4)
    _counted(authority, partnerships=[kabul])
    response = editor_client.get(kabul.get_absolute_url())
    assert response.context["impact"] == Impact(2, 1, (1200, None, None, None, None, 4))
    assert "Counted in 1 of the 2 activities with this partner." in response.text
    assert "1,200" in response.text


def test_a_partner_named_like_a_formula_is_text_in_the_impact_csv(editor_client, authority):
    hostile = PartnershipFactory(authority=authority, partner=PlaceFactory(name="=1+1"))
    _counted(authority, partnerships=[hostile], participants_count=30)

    rows = _csv_rows(editor_client.get(reverse("activities:impact_partners_csv")))

    assert rows[1][0] == "'=1+1"
