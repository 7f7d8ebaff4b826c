"""Every list as CSV and XLSX: the page's filters, the authority's rows only, safe cells."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.exchange.helpers import body, csv_rows, xlsx_cells, xlsx_rows
from tests.factories import (
    ActivityFactory,
    CountryFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PlaceFactory,
    UserFactory,
)
from twintowns.activities.models import Direction, Kind
from twintowns.core.models import Theme
from twintowns.partnerships.models import Status

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()  # the office's day names the files


def _csv(name: str) -> str:
    return reverse("exchange:list_csv", args=[name])


def _xlsx(name: str) -> str:
    return reverse("exchange:list_xlsx", args=[name])


def _seoul(authority, **fields):
    korea = CountryFactory()
    place = PlaceFactory(name="Seoul", country=korea, latitude=37.566, longitude=126.9784)
    partnership = PartnershipFactory(
        authority=authority,
        partner=place,
        status=Status.ACTIVE,
        signed_on=dt.date(2006, 1, 1),
        signed_precision="year",
        council_decision_number="2006/112",
        **fields,
    )
    partnership.themes.set(Theme.objects.filter(code__in=["culture", "economy"]))
    return partnership


def _kabul(authority):
    afghanistan = CountryFactory(code="AF", name="Afghanistan", name_tr="Afganistan")
    return PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Kabul", country=afghanistan, latitude=34.5, longitude=69.2),
        status=Status.DORMANT,
    )


PARTNER_HEADER = [
    "City",
    "Country",
    "Continent",
    "Kind",
    "Status",
    "Signed",
    "Council decision no.",
    "Council decision date",
    "Ministry approval no.",
    "Ministry approval date",
    "Themes",
    "Activities held",
    "Last activity (year)",
    "Activities planned",
    "Latitude",
    "Longitude",
]


def test_partners_csv_holds_the_filtered_list_of_the_authority_only(
    editor_client, authority, other_authority
):
    seoul = _seoul(authority)
    _kabul(authority)
    _seoul(other_authority)  # the other authority's Seoul, which must not appear
    ActivityFactory(authority=authority, starts_on=dt.date(2014, 10, 9), partnerships=[seoul])

    response = editor_client.get(_csv("partners") + "?status=active")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ankara-partners-{TODAY}.csv"'
    assert csv_rows(response) == [
        PARTNER_HEADER,
        [
            "Seoul",
            "South Korea",
            "Asia",
            "sister city",
            "active",
            "2006",
            "2006/112",
            "",
            "",
            "",
            "Economy; Social and cultural activities",
            "1",
            "2014",
            "0",
            "37.566",
            "126.9784",
        ],
    ]


def test_partners_xlsx_holds_the_same_rows_with_numbers_as_numbers(editor_client, authority):
    _seoul(authority, council_decision_date=dt.date(2005, 12, 2))
    _kabul(authority)

    rows = xlsx_rows(editor_client.get(_xlsx("partners")))

    assert rows[0] == PARTNER_HEADER
    assert [row[0] for row in rows[1:]] == ["Kabul", "Seoul"]
    assert rows[2][5:8] == ["2006", "2006/112", dt.datetime(2005, 12, 2)]
    assert rows[2][11:] == [0, None, 0, 37.566, 126.9784]


def _activities(authority):
    seoul = _seoul(authority)
    kabul = _kabul(authority)
    ActivityFactory(
        authority=authority,
        title="Seoul Days in Ankara",
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
        starts_on=dt.date(2007, 9, 10),
        ends_on=dt.date(2007, 9, 13),
        place=PlaceFactory(name="Ankara", country=CountryFactory(code="TR", name="Türkiye")),
        partnerships=[seoul, kabul],
        outcomes="A Korean garden in Seğmenler Park.",
        participants_count=1200,
    ).themes.set(Theme.objects.filter(code="culture"))
    ActivityFactory(
        authority=authority,
        title="Technical visit on waste",
        kind=Kind.TECHNICAL_COOPERATION,
        starts_on=dt.date(2015, 10, 1),
        date_precision="month",
        partnerships=[kabul],
    )
    ActivityFactory(
        authority=authority,
        title="Ankara Days in Astana",
        starts_on=dt.date(2001, 1, 1),
        date_precision="year",
    )


def test_activities_csv_gives_dates_as_precise_as_known_and_joins_partners_and_themes(
    editor_client, authority, other_authority
):
    _activities(authority)
    ActivityFactory(authority=other_authority, title="Izmir's own visit")

    rows = csv_rows(editor_client.get(_csv("activities")))

    assert rows[0][:13] == [
        "Start",
        "End",
        "Title",
        "Kind",
        "Direction",
        "Partners",
        "Place",
        "Country",
        "Organization",
        "Themes",
        "Description",
        "Participants",
        "Outcomes",
    ]
    assert rows[0][13:] == [
        "Number of participants",
        "Citizens involved",
        "Young people involved",
        "Agreements signed",
        "Projects started",
        "Media items",
        "Best practice",
    ]
    assert [row[:3] for row in rows[1:]] == [
        ["2015-10", "", "Technical visit on waste"],
        ["2007-09-10", "2007-09-13", "Seoul Days in Ankara"],
        ["2001", "", "Ankara Days in Astana"],
    ]
    assert rows[2][3:] == [
        "culture days",
        "hosted here",
        "Kabul (Afghanistan); Seoul (South Korea)",
        "Ankara",
        "Türkiye",
        "",
        "Social and cultural activities",
        "",
        "",
        "A Korean garden in Seğmenler Park.",
        "1200",
        "",
        "",
        "",
        "",
        "",
        "no",
    ]


def test_activities_exports_apply_the_list_filters(editor_client, authority):
    _activities(authority)

    by_year = csv_rows(editor_client.get(_csv("activities") + "?year=2007"))
    by_kind = xlsx_rows(editor_client.get(_xlsx("activities") + "?kind=technical"))
    by_partner = csv_rows(editor_client.get(_csv("activities") + "?q=kabul"))

    assert [row[2] for row in by_year[1:]] == ["Seoul Days in Ankara"]
    assert [row[2] for row in by_kind[1:]] == ["Technical visit on waste"]
    assert [row[2] for row in by_partner[1:]] == [
        "Technical visit on waste",
        "Seoul Days in Ankara",
    ]


def test_activities_xlsx_has_real_dates_where_the_day_is_known(editor_client, authority):
    _activities(authority)

    rows = xlsx_rows(editor_client.get(_xlsx("activities")))

    assert [row[:2] for row in rows[1:]] == [
        ["2015-10", None],
        [dt.datetime(2007, 9, 10), dt.datetime(2007, 9, 13)],
        ["2001", None],
    ]
    assert rows[2][13] == 1200


def test_a_year_before_1000_is_exported_with_four_digits_as_the_api_gives_it(
    editor_client, authority
):
    ActivityFactory(
        authority=authority, title="A typo", starts_on=dt.date(999, 1, 1), date_precision="year"
    )
    ActivityFactory(
        authority=authority, title="Another", starts_on=dt.date(999, 5, 1), date_precision="month"
    )

    rows = csv_rows(editor_client.get(_csv("activities")))

    # "999" before the one renderer (lib/dates.iso_partial), where the API wrote "0999".
    assert [row[:3] for row in rows[1:]] == [["0999-05", "", "Another"], ["0999", "", "A typo"]]


def test_an_export_in_turkish_names_countries_and_kinds_in_turkish(authority, editor):
    _activities(authority)
    client = Client(headers={"accept-language": "tr"})
    client.force_login(editor)

    rows = csv_rows(client.get(_csv("activities") + "?year=2007"))

    assert rows[1][5] == "Kabul (Afganistan); Seoul (Güney Kore)"
    assert rows[1][9] == "Sosyal ve kültürel etkinlikler"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t=", "\r="])
def test_a_cell_that_would_run_as_a_formula_is_defused_in_csv(editor_client, authority, start):
    ActivityFactory(authority=authority, title=f'{start}HYPERLINK("http://evil.example","x")')

    rows = csv_rows(editor_client.get(_csv("activities")))

    assert rows[1][2] == f'\'{start}HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_would_run_as_a_formula_stays_text_in_xlsx(editor_client, authority, start):
    ActivityFactory(authority=authority, title=f'{start}HYPERLINK("http://evil.example","x")')

    cell = xlsx_cells(editor_client.get(_xlsx("activities")))["C2"]

    # Excel's quote prefix: shown without an apostrophe, and still text once edited.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        f'{start}HYPERLINK("http://evil.example","x")',
        "s",
        True,
    )


def test_organizations_export_lists_memberships_and_conferences(
    editor_client, authority, other_authority
):
    uclg = OrganizationFactory(authority=authority, name="UCLG-MEWA", acronym="UCLG-MEWA")
    MembershipFactory(
        organization=uclg,
        role="board",
        since_year=2004,
        annual_dues=Decimal("12500.00"),
        dues_currency="EUR",
    )
    OrganizationFactory(authority=authority, name="Eurocities")
    OrganizationFactory(authority=other_authority, name="Medcities")
    ActivityFactory(
        authority=authority, kind=Kind.CONFERENCE, direction=Direction.HOSTED, organization=uclg
    )

    rows = xlsx_rows(editor_client.get(_xlsx("organizations")))

    assert rows == [
        [
            "Organization",
            "Acronym",
            "Website",
            "Membership",
            "Role",
            "Member since",
            "Member until",
            "Council decision no.",
            "Council decision date",
            "Annual dues",
            "Currency",
            "Benefits",
            "Conferences hosted",
        ],
        [
            "UCLG-MEWA",
            "UCLG-MEWA",
            None,
            "yes",
            "board member",
            2004,
            None,
            None,
            None,
            12500,
            "EUR",
            None,
            1,
        ],
        ["Eurocities", None, None, "no", None, None, None, None, None, None, None, None, 0],
    ]


def test_culture_days_export_sets_each_days_beside_their_answer(editor_client, authority):
    seoul = _seoul(authority)
    answer = ActivityFactory(
        authority=authority,
        title="Seoul Days in Ankara",
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
        starts_on=dt.date(2007, 1, 1),
        date_precision="year",
    )
    ActivityFactory(
        authority=authority,
        title="Ankara Days in Seoul",
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
        starts_on=dt.date(2006, 1, 1),
        date_precision="year",
        reciprocal=answer,
        partnerships=[seoul],
    )
    ActivityFactory(authority=authority, title="Not culture days")

    rows = csv_rows(editor_client.get(_csv("culture-days")))

    assert rows[0] == [
        "Start",
        "End",
        "Title",
        "Direction",
        "Place",
        "Country",
        "Partners",
        "Answered by: Start",
        "Answered by: End",
        "Answered by: Title",
        "Answered by: Direction",
        "Answered by: Place",
        "Answered by: Country",
    ]
    assert rows[1:] == [
        [
            "2006",
            "",
            "Ankara Days in Seoul",
            "abroad",
            "",
            "",
            "Seoul (South Korea)",
            "2007",
            "",
            "Seoul Days in Ankara",
            "hosted here",
            "",
            "",
        ],
    ]


def test_conferences_export_holds_the_conferences_hosted(editor_client, authority):
    uclg = OrganizationFactory(authority=authority, name="UCLG-MEWA", acronym="MEWA")
    ActivityFactory(
        authority=authority,
        title="UCLG-MEWA General Assembly",
        kind=Kind.CONFERENCE,
        direction=Direction.HOSTED,
        starts_on=dt.date(2014, 4, 1),
        date_precision="month",
        organization=uclg,
        participants_count=600,
    )
    ActivityFactory(authority=authority, kind=Kind.CONFERENCE, direction=Direction.ABROAD)

    rows = csv_rows(editor_client.get(_csv("conferences")))

    assert rows == [
        [
            "Start",
            "End",
            "Conference",
            "Organization",
            "Place",
            "Participants",
            "Number of participants",
            "Outcomes",
        ],
        ["2014-04", "", "UCLG-MEWA General Assembly", "UCLG-MEWA (MEWA)", "", "", "600", ""],
    ]


def test_best_practices_export_applies_the_library_filters(editor_client, authority):
    seoul = _seoul(authority)
    ActivityFactory(
        authority=authority,
        title="Waste separation visit",
        is_best_practice=True,
        lessons_learned="Start in the districts.",
        partnerships=[seoul],
    ).themes.set(Theme.objects.filter(code="environment"))
    ActivityFactory(authority=authority, title="Bus depot visit", is_best_practice=True)
    ActivityFactory(authority=authority, title="Not marked")

    every = csv_rows(editor_client.get(_csv("best-practices")))
    by_theme = csv_rows(editor_client.get(_csv("best-practices") + "?theme=environment"))

    assert sorted(row[1] for row in every[1:]) == ["Bus depot visit", "Waste separation visit"]
    assert by_theme[1:] == [
        [
            "",
            "Waste separation visit",
            "site visit",
            "Seoul (South Korea)",
            "Environment",
            "Start in the districts.",
            "",
        ],
    ]


def test_an_unknown_list_is_404(editor_client):
    assert editor_client.get(_csv("passwords")).status_code == 404


def test_a_viewer_may_download_lists(viewer_client, authority):
    _seoul(authority)
    assert len(csv_rows(viewer_client.get(_csv("partners")))) == 2


def test_downloads_need_a_login_and_a_role_in_an_authority(client, authority):
    _seoul(authority)
    anonymous = client.get(_csv("partners"))
    client.force_login(UserFactory(username="nobody"))
    without_role = client.get(_xlsx("partners"))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert without_role.status_code == 403
    assert b"Seoul" not in body(without_role)


def _rows(authority, n: int) -> None:
    """n of every kind of row each list shows, with the relations its columns read."""
    uclg = OrganizationFactory(authority=authority, name="UCLG-MEWA")
    for i in range(n):
        partnership = PartnershipFactory(authority=authority)
        partnership.themes.set(Theme.objects.filter(code="culture"))
        organization = OrganizationFactory(authority=authority)
        MembershipFactory(organization=organization)
        answer = ActivityFactory(authority=authority, kind=Kind.CULTURE_DAYS, title=f"Answer {i}")
        ActivityFactory(
            authority=authority,
            kind=Kind.CULTURE_DAYS,
            place=PlaceFactory(),
            partnerships=[partnership],
            reciprocal=answer,
            is_best_practice=True,
            organization=organization,
        ).themes.set(Theme.objects.filter(code="culture"))
        ActivityFactory(
            authority=authority,
            kind=Kind.CONFERENCE,
            direction=Direction.HOSTED,
            place=PlaceFactory(),
            organization=uclg,
        )


# Queries: session, user, roles, then the list's own: its rows, then its partners' and
# themes' names (one query each, or one per prefetch where the page's selector prefetches).
@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("partners", 5),
        ("activities", 6),
        ("organizations", 5),
        ("culture-days", 8),
        ("conferences", 6),
        ("best-practices", 6),
    ],
)
def test_each_export_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n, name, queries
):
    _rows(authority, n)
    with django_assert_num_queries(queries):
        csv_body = body(editor_client.get(_csv(name)))
    with django_assert_num_queries(queries):
        xlsx_body = body(editor_client.get(_xlsx(name)))
    assert csv_body.count(b"\n") > n
    assert xlsx_body.startswith(b"PK")
