"""The citizens' page of a city's partners: open only when the office opens it, public facts only,
the same few queries whatever the number of partners, in Turkish and in English."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    ActivityFactory,
    AuthorityFactory,
    CountryFactory,
    PartnershipFactory,
    PlaceFactory,
)
from twintowns.activities.models import Kind as ActivityKind
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Contact, Kind, Partnership, Status

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate() - dt.timedelta(days=365)
NEXT_YEAR = timezone.localdate() + dt.timedelta(days=365)


@pytest.fixture
def open_city() -> Authority:
    seat = PlaceFactory(
        name="Ankara", country=CountryFactory(code="TR", name="Turkey", name_tr="Türkiye")
    )
    return AuthorityFactory(
        slug="ankara",
        name="Ankara Metropolitan Municipality",
        name_tr="Ankara Büyükşehir Belediyesi",
        place=seat,
        public_page=True,
    )


def _url(slug: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("portal:city", args=[slug])


def _partner(authority: Authority, name: str, **fields: Any) -> Partnership:
    return PartnershipFactory(authority=authority, partner=PlaceFactory(name=name), **fields)


def test_the_page_is_not_found_until_the_office_opens_it(open_city: Authority) -> None:
    closed = AuthorityFactory(slug="izmir", public_page=False)

    assert Client().get(_url("izmir")).status_code == 404
    assert Client().get(_url("nowhere")).status_code == 404
    assert Client().get(_url(open_city.slug)).status_code == 200
    assert closed.public_page is False


def test_the_page_lists_current_partners_with_their_year_and_activities_held(
    open_city: Authority,
) -> None:
    seoul = _partner(open_city, "Seoul", kind=Kind.SISTER_CITY, signed_on=dt.date(2006, 5, 1))
    _partner(open_city, "Kazan", kind=Kind.PARTNER_CITY, status=Status.SIGNED)
    ActivityFactory.create_batch(2, authority=open_city, starts_on=LAST_YEAR, partnerships=[seoul])
    ActivityFactory(authority=open_city, starts_on=None, partnerships=[seoul])
    ActivityFactory(authority=open_city, starts_on=NEXT_YEAR, partnerships=[seoul])  # not held

    response = Client().get(_url("ankara"))

    rows = [
        [cell.strip() for cell in row]
        for row in _table_rows(response.content.decode(), "partners-heading")
    ]
    assert rows == [
        ["Kazan", "South Korea", "partner city", "—", "0"],
        ["Seoul", "South Korea", "sister city", "2006", "3"],
    ]
    points = response.context["points"]()  # a callable: drawn only when the page is not cached
    assert points["features"][0]["properties"]["role"] == "home"
    assert [f["properties"]["name"] for f in points["features"]] == [
        "Ankara",
        "Kazan",
        "Seoul",
    ]


def test_ended_partners_are_former_and_unofficial_ones_are_not_shown(open_city: Authority) -> None:
    _partner(open_city, "Havana", status=Status.ENDED, signed_on=dt.date(1990, 1, 1))
    _partner(open_city, "Sleepy Hollow", status=Status.DORMANT)
    _partner(open_city, "Maybe Town", status=Status.PROPOSED)
    _partner(open_city, "Almost City", status=Status.APPROVED)

    response = Client().get(_url("ankara"))

    page = response.context["page"]
    assert [p.partner.name for p in page.partners] == []
    assert [p.partner.name for p in page.former_partners] == ["Havana"]
    html = response.content.decode()
    assert "Havana (South Korea, 1990)" in html
    for hidden in ("Sleepy Hollow", "Maybe Town", "Almost City"):
        assert hidden not in html


def test_no_internal_record_leaks_onto_the_public_page(open_city: Authority) -> None:
    open_city.phone = "+90 312 000 00 00"
    open_city.save()
    seoul = _partner(
        open_city,
        "Seoul",
        notes="Mayor is unhappy with the last visit",
        council_decision_number="2006/123",
        ministry_approval_number="MOI-555",
        sources="internal memo",
    )
    Contact.objects.create(partnership=seoul, name="Kim Secret", email="kim@example.org")
    dormant = _partner(open_city, "Sleepy Hollow", status=Status.DORMANT, notes="paper only")
    Contact.objects.create(partnership=dormant, name="Dormant Contact")
    ActivityFactory(
        authority=open_city,
        kind=ActivityKind.CULTURE_DAYS,
        title="Seoul Days in Ankara",
        starts_on=LAST_YEAR,
        outcomes="confidential outcome",
        participants="private participant list",
        partnerships=[seoul, dormant],
    )

    html = Client().get(_url("ankara")).content.decode()

    assert "Seoul Days in Ankara" in html
    for secret in (
        "Mayor is unhappy",
        "2006/123",
        "MOI-555",
        "internal memo",
        "Kim Secret",
        "kim@example.org",
        "Sleepy Hollow",
        "paper only",
        "Dormant Contact",
        "confidential outcome",
        "private participant list",
        "+90 312",
        "dormant",
        "health",
        "csrfmiddlewaretoken",
    ):
        assert secret not in html, secret


def test_culture_days_already_held_are_listed_with_their_partner(open_city: Authority) -> None:
    seoul = _partner(open_city, "Seoul")
    ActivityFactory(
        authority=open_city,
        kind=ActivityKind.CULTURE_DAYS,
        title="Seoul Days in Ankara",
        starts_on=LAST_YEAR,
        partnerships=[seoul],
    )
    ActivityFactory(
        authority=open_city,
        kind=ActivityKind.CULTURE_DAYS,
        title="Ankara Days in Seoul",
        starts_on=NEXT_YEAR,
        partnerships=[seoul],
    )
    ActivityFactory(
        authority=open_city,
        kind=ActivityKind.SITE_VISIT,
        title="Technical visit",
        starts_on=LAST_YEAR,
        partnerships=[seoul],
    )

    response = Client().get(_url("ankara"))

    assert [day.title for day in response.context["page"].culture_days] == ["Seoul Days in Ankara"]
    assert "Partners: Seoul (South Korea)" in response.content.decode()


def test_another_authoritys_records_stay_off_the_page(open_city: Authority) -> None:
    other = AuthorityFactory(slug="izmir", public_page=True)
    _partner(other, "Izmir Twin")
    ActivityFactory(
        authority=other, kind=ActivityKind.CULTURE_DAYS, title="Izmir Days", starts_on=LAST_YEAR
    )

    html = Client().get(_url("ankara")).content.decode()

    assert "Izmir Twin" not in html
    assert "Izmir Days" not in html


@pytest.mark.parametrize("size", [1, 3])
def test_the_page_takes_four_queries_whatever_its_size_then_one(
    open_city: Authority, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        partnership = _partner(open_city, f"Partner {n}", signed_on=dt.date(2000 + n, 1, 1))
        ActivityFactory.create_batch(
            size,
            authority=open_city,
            kind=ActivityKind.CULTURE_DAYS,
            starts_on=LAST_YEAR,
            partnerships=[partnership],
        )
        _partner(open_city, f"Former {n}", status=Status.ENDED)
    client = Client()

    # authority and seat, partners with their counts, culture days, the partners of those days
    with django_assert_num_queries(4):
        first = client.get(_url("ankara"))
    # the authority and its data version; the rest comes from the cache
    with django_assert_num_queries(1):
        second = client.get(_url("ankara"))

    assert len(first.context["page"].partners) == size
    assert len(first.context["page"].culture_days) == min(size * size, 8)
    assert second.content == first.content


def test_a_change_to_the_partners_shows_at_once_despite_the_cache(open_city: Authority) -> None:
    seoul = _partner(open_city, "Seoul")
    client = Client()
    assert "Seoul" in client.get(_url("ankara")).content.decode()

    seoul.status = Status.DORMANT
    seoul.save()
    _partner(open_city, "Kazan")

    html = client.get(_url("ankara")).content.decode()
    assert "Seoul" not in html
    assert "Kazan" in html


def test_closing_the_page_takes_effect_at_once(open_city: Authority) -> None:
    client = Client()
    assert client.get(_url("ankara")).status_code == 200

    Authority.objects.filter(pk=open_city.pk).update(public_page=False)

    assert client.get(_url("ankara")).status_code == 404


def test_a_proxy_may_keep_the_page_and_no_cookie_is_set(open_city: Authority) -> None:
    response = Client().get(_url("ankara"))

    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept-Language" not in response.get("Vary", "")  # the URL says the language
    assert response.cookies == {}
    assert response["Content-Language"] == "en"


def test_the_page_is_in_the_language_of_its_url_with_a_link_to_the_other(
    open_city: Authority,
) -> None:
    _partner(open_city, "Seoul", kind=Kind.SISTER_CITY)
    client = Client()

    turkish = client.get("/tr/city/ankara/").content.decode()
    english = client.get("/en/city/ankara/").content.decode()

    assert '<html lang="tr">' in turkish
    assert "Ankara Büyükşehir Belediyesi" in turkish
    assert "Güney Kore" in turkish
    assert 'href="/en/city/ankara/" hreflang="en"' in turkish
    assert '<html lang="en">' in english
    assert "Ankara Metropolitan Municipality" in english
    assert "South Korea" in english
    assert 'href="/tr/city/ankara/" hreflang="tr"' in english


def test_the_address_without_a_language_sends_the_reader_to_theirs(open_city: Authority) -> None:
    assert Client(headers={"accept-language": "tr"}).get("/city/ankara/").url == "/tr/city/ankara/"
    assert Client(headers={"accept-language": "en"}).get("/city/ankara/").url == "/en/city/ankara/"


def test_the_public_page_shows_no_office_menu_to_a_signed_in_editor(
    open_city: Authority, editor_client: Client
) -> None:
    html = editor_client.get(_url("ankara")).content.decode()

    assert reverse("partnerships:list") not in html
    assert "Log out" not in html


def _table_rows(html: str, heading_id: str) -> list[list[str]]:
    """The body rows of the first table after the heading `heading_id`, as cell texts."""
    table = html.split(f'id="{heading_id}"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
