"""Dates that cannot be true are refused, on the field to correct, wherever they are typed:
the service, the forms, the status move, the API, the admin and the spreadsheet import."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient, token_for
from tests.factories import PartnershipFactory, PlaceFactory, StaffRoleFactory, UserFactory
from tests.forms import form_data
from tests.imports.conftest import counts
from tests.imports.helpers import check, write
from tests.places.conftest import gazetteer  # noqa: F401  (the fixture, for the import's test)
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.partnerships.models import LifecycleEvent, Partnership, Status
from twintowns.partnerships.services import partnership_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1

AFTER_SIGNING = "The council decides before the signing, and this date is after it (%s)."
FUTURE_COUNCIL = (
    "The partnership is already signed, so its council decision cannot be in the future."
)
MINISTRY_FIRST = (
    "The ministry approves after the council decision, and this date is before it (%s)."
)
PROPOSED_SIGNED = (
    "A proposed partnership is not signed yet, so it cannot have a signing date in the past. "
    "Clear the date, or move the partnership to “signed”."
)


def _year_out_of_range(year: int) -> str:
    return f"The year signed must be between 1900 and {NEXT_YEAR}; this one is {year}."


IMPOSSIBLE: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "council-after-signing",
        {"signed_on": dt.date(2006, 5, 10), "council_decision_date": dt.date(2006, 6, 1)},
        "council_decision_date",
        AFTER_SIGNING % "May 10, 2006",
    ),
    (
        "council-after-a-signing-year",
        {
            "signed_on": dt.date(2006, 1, 1),
            "signed_precision": "year",
            "council_decision_date": dt.date(2007, 1, 15),
        },
        "council_decision_date",
        AFTER_SIGNING % "2006",
    ),
    (
        "council-in-the-future-once-signed",
        {"status": Status.ACTIVE, "council_decision_date": TODAY + dt.timedelta(days=30)},
        "council_decision_date",
        FUTURE_COUNCIL,
    ),
    (
        "ministry-before-council",
        {
            "council_decision_date": dt.date(2005, 12, 2),
            "ministry_approval_date": dt.date(2005, 11, 1),
        },
        "ministry_approval_date",
        MINISTRY_FIRST % "Dec. 2, 2005",
    ),
    (
        "signed-before-1900",
        {"signed_on": dt.date(1899, 12, 31)},
        "signed_on",
        _year_out_of_range(1899),
    ),
    (
        "signed-after-next-year",
        {"signed_on": dt.date(NEXT_YEAR + 1, 1, 1), "signed_precision": "year"},
        "signed_on",
        _year_out_of_range(NEXT_YEAR + 1),
    ),
    (
        "proposed-with-a-past-signing",
        {"status": Status.PROPOSED, "signed_on": dt.date(2020, 3, 1)},
        "signed_on",
        PROPOSED_SIGNED,
    ),
]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [case[1:] for case in IMPOSSIBLE],
    ids=[case[0] for case in IMPOSSIBLE],
)
def test_impossible_dates_are_refused_on_their_field_and_nothing_is_written(
    authority: Authority, editor: Any, fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        partnership_create(actor=editor, authority=authority, partner=PlaceFactory(), **fields)

    assert refused.value.message_dict == {field: [message]}
    assert (Partnership.objects.count(), LifecycleEvent.objects.count()) == (0, 0)


POSSIBLE: list[tuple[str, dict[str, Any]]] = [
    ("the-first-year", {"signed_on": dt.date(1900, 1, 1)}),
    ("next-year", {"status": Status.APPROVED, "signed_on": dt.date(NEXT_YEAR, 12, 31)}),
    (
        "council-in-the-year-signed",
        {
            "signed_on": dt.date(2006, 1, 1),
            "signed_precision": "year",
            "council_decision_date": dt.date(2006, 9, 5),
            "ministry_approval_date": dt.date(2006, 10, 1),
        },
    ),
    (
        "council-and-ministry-on-the-signing-day",
        {
            "signed_on": dt.date(2006, 5, 10),
            "council_decision_date": dt.date(2006, 5, 10),
            "ministry_approval_date": dt.date(2006, 5, 10),
        },
    ),
    (
        "a-council-session-ahead-for-a-proposal",
        {"status": Status.PROPOSED, "council_decision_date": TODAY + dt.timedelta(days=30)},
    ),
    (
        "a-proposal-to-sign-this-year",
        {"status": Status.PROPOSED, "signed_on": TODAY, "signed_precision": "year"},
    ),
]


@pytest.mark.parametrize("fields", [case[1] for case in POSSIBLE], ids=[c[0] for c in POSSIBLE])
def test_dates_that_can_be_true_are_kept(
    authority: Authority, editor: Any, fields: dict[str, Any]
) -> None:
    partnership = partnership_create(
        actor=editor, authority=authority, partner=PlaceFactory(), **fields
    )
    assert Partnership.objects.get().pk == partnership.pk


def test_the_new_partnership_form_shows_the_refusal_on_the_field(
    editor_client: Client, authority: Authority
) -> None:
    PlaceFactory(name="Tirana")
    response = editor_client.post(
        reverse("partnerships:create"),
        {
            "partner": "Tirana",
            "kind": "sister",
            "status": "active",
            "signed_on": "2006-05-10",
            "council_decision_date": "2006-06-01",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "council_decision_date": [AFTER_SIGNING % "May 10, 2006"]
    }
    assert Partnership.objects.count() == 0


def test_the_edit_form_shows_the_refusal_on_the_field_and_keeps_the_record(
    editor_client: Client, authority: Authority
) -> None:
    partnership = PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Tirana"),
        council_decision_date=dt.date(2005, 12, 2),
    )
    url = reverse("partnerships:edit", args=[partnership.pk])
    data = form_data(editor_client.get(url).text)  # as drawn, with the version it was read at
    response = editor_client.post(url, {**data, "ministry_approval_date": "2005-11-01"})
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "ministry_approval_date": [MINISTRY_FIRST % "Dec. 2, 2005"]
    }
    partnership.refresh_from_db()
    assert partnership.ministry_approval_date is None


def test_moving_a_signed_partnership_back_to_proposed_is_refused_with_the_reason(
    editor_client: Client, authority: Authority
) -> None:
    partnership = PartnershipFactory(
        authority=authority, status=Status.SIGNED, signed_on=dt.date(2006, 5, 10)
    )
    url = reverse("partnerships:move", args=[partnership.pk])
    drawn = form_data(editor_client.get(partnership.get_absolute_url()).text, action=url)
    response = editor_client.post(
        url, {**drawn, "status": "proposed", "date": "2024-01-01", "note": "typed by mistake"}
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [PROPOSED_SIGNED]
    partnership.refresh_from_db()
    assert (partnership.status, partnership.events.count()) == (Status.SIGNED, 0)


def test_the_api_refuses_impossible_dates_on_their_field(
    editor_role: StaffRole, authority: Authority
) -> None:
    api = ApiClient(token_for(editor_role))
    created = api.post(
        "partners/",
        {
            "partner": PlaceFactory().pk,
            "status": "signed",
            "signed_on": "2006-05-10",
            "council_decision_date": "2006-06-01",
        },
    )
    partnership = PartnershipFactory(authority=authority)
    changed = api.change(f"partners/{partnership.pk}", {"signed_on": "1850-07-01"})

    assert (created.status_code, changed.status_code) == (422, 422)
    assert created.json()["detail"] == [
        {
            "location": "body",
            "field": "council_decision_date",
            "message": AFTER_SIGNING % "May 10, 2006",
        }
    ]
    assert changed.json()["detail"] == [
        {"location": "body", "field": "signed_on", "message": _year_out_of_range(1850)}
    ]
    assert list(Partnership.objects.values_list("pk", "signed_on")) == [(partnership.pk, None)]


def test_the_admin_refuses_impossible_dates_on_their_field(authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority, status=Status.ACTIVE)
    staff = StaffRoleFactory(
        authority=authority,
        role=Role.ADMIN,
        user=UserFactory(username="office-admin", is_staff=True),
    ).user
    client = Client()
    client.force_login(staff)

    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    drawn = form_data(client.get(url).text, form_id="partnership_form")
    response = client.post(
        url, {**drawn, "status": "proposed", "signed_on": "2020-03-01", "signed_precision": "day"}
    )

    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors == {"signed_on": [PROPOSED_SIGNED]}
    partnership.refresh_from_db()
    assert (partnership.status, partnership.signed_on) == (Status.ACTIVE, None)


SHEET = (
    "city,country,status,signed,council decision date,ministry approval date\n"
    "Seoul,South Korea,active,1850,,\n"
    "Beijing,China,proposed,01.03.2020,,\n"
    "Ulaanbaatar,Mongolia,signed,2006,12.05.2007,\n"
    "Moscow,Russia,signed,10.05.2006,02.12.2005,01.11.2005\n"
    "Vienna,Austria,active,18.11.1971,02.10.1971,01.11.1971\n"
)


@pytest.mark.usefixtures("gazetteer")
def test_the_import_names_the_row_and_column_of_each_impossible_date_and_writes_nothing(
    tmp_path: Path, authority: Authority
) -> None:
    before = counts()

    plan = check(write(tmp_path, "partners.csv", SHEET), authority)

    assert [(e["row"], e["column"], e["message"]) for e in plan.errors] == [
        (2, "signed", _year_out_of_range(1850)),
        (3, "signed", PROPOSED_SIGNED),
        (4, "council decision date", AFTER_SIGNING % "2006"),
        (5, "ministry approval date", MINISTRY_FIRST % "Dec. 2, 2005"),
    ]
    assert not plan.ok
    assert counts() == before
