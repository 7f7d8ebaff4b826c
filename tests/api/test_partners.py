"""/api/v1/partners: list with the page's filters, get, create, change, move, delete."""

import datetime as dt
from typing import Any

import pytest

from tests.api.conftest import ApiClient
from tests.factories import (
    ActivityFactory,
    CountryFactory,
    PartnershipFactory,
    PlaceFactory,
)
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _names(response: Any) -> list[str]:
    return [p["partner"]["name"] for p in response.json()["items"]]


@pytest.mark.parametrize("n", [1, 3])
def test_list_is_a_fixed_number_of_queries(
    editor_api: ApiClient, authority: Authority, django_assert_num_queries: Any, n: int
) -> None:
    for _ in range(n):
        partnership = PartnershipFactory(authority=authority)
        partnership.themes.set(Theme.objects.filter(code="culture"))
        ActivityFactory(authority=authority, partnerships=[partnership])
    # token with role, last use, count, page, themes
    with django_assert_num_queries(5):
        response = editor_api.get("partners/")
    assert response.json()["count"] == n
    assert [p["themes"] for p in response.json()["items"]] == [["culture"]] * n


def test_list_pages_with_limit_offset_and_total(
    editor_api: ApiClient, authority: Authority
) -> None:
    for name in ["Astana", "Bakü", "Kazan", "Seoul"]:
        PartnershipFactory(authority=authority, partner=PlaceFactory(name=name))
    response = editor_api.get("partners/", {"limit": 2, "offset": 1})
    assert (response.json()["count"], response.json()["limit"], response.json()["offset"]) == (
        4,
        2,
        1,
    )
    assert _names(response) == ["Bakü", "Kazan"]


def test_list_filters_as_the_page_does(editor_api: ApiClient, authority: Authority) -> None:
    seoul = PartnershipFactory(
        authority=authority, partner=PlaceFactory(name="Seoul", names=["Seul"]), kind="sister"
    )
    seoul.themes.set(Theme.objects.filter(code="culture"))
    germany = CountryFactory(code="DE", name="Germany", name_tr="Almanya", continent="EU")
    PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Bonn", country=germany),
        kind="cooperation",
        status="dormant",
    )
    assert _names(editor_api.get("partners/", {"q": "seul"})) == ["Seoul"]
    assert _names(editor_api.get("partners/", {"kind": "cooperation"})) == ["Bonn"]
    assert _names(editor_api.get("partners/", {"status": "dormant"})) == ["Bonn"]
    assert _names(editor_api.get("partners/", {"country": "KR"})) == ["Seoul"]
    assert _names(editor_api.get("partners/", {"continent": "EU"})) == ["Bonn"]
    assert _names(editor_api.get("partners/", {"theme": "culture"})) == ["Seoul"]
    assert _names(editor_api.get("partners/", {"theme": "no-such-theme"})) == []


def test_bad_filter_names_the_parameter(editor_api: ApiClient, authority: Authority) -> None:
    response = editor_api.get("partners/", {"kind": "twin", "limit": 0})
    assert response.status_code == 422
    fields = {(e["location"], e["field"]) for e in response.json()["detail"]}
    assert fields == {("query", "kind"), ("query", "limit")}


def test_get_shows_the_partial_signing_date(editor_api: ApiClient, authority: Authority) -> None:
    partnership = PartnershipFactory(
        authority=authority, signed_on=dt.date(1992, 1, 1), signed_precision="year"
    )
    body = editor_api.get(f"partners/{partnership.pk}").json()
    assert (body["signed"], body["signed_on"], body["signed_precision"]) == (
        "1992",
        "1992-01-01",
        "year",
    )


def test_create_records_the_partnership_and_its_first_step(
    editor_api: ApiClient, authority: Authority
) -> None:
    place = PlaceFactory(name="Seoul")
    response = editor_api.post(
        "partners/",
        {
            "partner": place.pk,
            "kind": "sister",
            "status": "signed",
            "status_date": "2006-05-10",
            "signed_on": "2006-05-10",
            "themes": ["culture", "economy"],
        },
    )
    assert response.status_code == 201
    partnership = Partnership.objects.get()
    assert response.json()["id"] == partnership.pk
    assert (partnership.authority, partnership.partner, partnership.status) == (
        authority,
        place,
        "signed",
    )
    assert sorted(t.code for t in partnership.themes.all()) == ["culture", "economy"]
    assert [(e.status, str(e.date)) for e in partnership.events.all()] == [("signed", "2006-05-10")]


def test_create_twice_names_the_partner(editor_api: ApiClient, authority: Authority) -> None:
    existing = PartnershipFactory(authority=authority)
    response = editor_api.post("partners/", {"partner": existing.partner.pk})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["partner"]
    assert Partnership.objects.count() == 1


def test_create_with_an_unknown_place_or_theme_names_the_field(
    editor_api: ApiClient, authority: Authority
) -> None:
    response = editor_api.post("partners/", {"partner": 987654})
    assert response.json()["detail"] == [
        {"location": "body", "field": "partner", "message": "Unknown place: 987654."}
    ]
    place = PlaceFactory()
    response = editor_api.post("partners/", {"partner": place.pk, "themes": ["nonsense"]})
    assert response.json()["detail"][0]["field"] == "themes"
    assert Partnership.objects.count() == 0


def test_patch_changes_only_the_fields_given(editor_api: ApiClient, authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority, notes="old", kind="friendship")
    response = editor_api.change(f"partners/{partnership.pk}", {"notes": "new"})
    assert response.status_code == 200
    partnership.refresh_from_db()
    assert (partnership.notes, partnership.kind) == ("new", "friendship")
    assert response.json()["notes"] == "new"


def test_patch_with_a_wrong_type_names_the_field_and_changes_nothing(
    editor_api: ApiClient, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority)
    response = editor_api.patch(f"partners/{partnership.pk}", {"signed_on": 0, "notes": "x"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["signed_on"]
    partnership.refresh_from_db()
    assert (partnership.signed_on, partnership.notes) == (None, "")


def test_move_sets_the_status_with_a_dated_step(
    editor_api: ApiClient, authority: Authority
) -> None:
    partnership = PartnershipFactory(authority=authority, status="active")
    response = editor_api.post(
        f"partners/{partnership.pk}/moves",
        {"status": "dormant", "date": "2024-01-15", "note": "no contact since 2019"},
    )
    assert response.status_code == 201
    partnership.refresh_from_db()
    assert partnership.status == "dormant"
    assert [(e.status, str(e.date), e.note) for e in partnership.events.all()] == [
        ("dormant", "2024-01-15", "no contact since 2019")
    ]


def test_delete_removes_it(editor_api: ApiClient, authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority)
    response = editor_api.delete(f"partners/{partnership.pk}")
    assert (response.status_code, response.content) == (204, b"")
    assert Partnership.objects.count() == 0
    assert Partnership.history.filter(history_type="-").count() == 1
