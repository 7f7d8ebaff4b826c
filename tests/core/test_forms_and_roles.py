"""Writes through the pages: inline validation, refusals, throttled logins, admin isolation."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from twintowns.activities.models import Activity
from twintowns.authorities.models import Role
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_editor_adds_a_partnership_by_typing_a_turkish_name(editor_client, authority):
    seoul = PlaceFactory(name="Seoul", names=["Seul", "서울"], population=10_000_000)
    response = editor_client.post(
        reverse("partnerships:create"), {"partner": "Seul", "kind": "sister", "status": "active"}
    )
    partnership = Partnership.objects.get()
    assert (partnership.partner, partnership.authority) == (seoul, authority)
    assert response.status_code == 302
    assert response["Location"] == partnership.get_absolute_url()


def test_unknown_place_is_named_in_the_message_and_nothing_is_saved(editor_client):
    response = editor_client.post(
        reverse("partnerships:create"),
        {"partner": "Atlantis", "kind": "sister", "status": "active"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["partner"] == [
        "No place called “Atlantis” is in the gazetteer. "
        "Type a few letters and pick one of the suggestions."
    ]
    assert Partnership.objects.count() == 0


def test_duplicate_partnership_form_names_the_partner_field(editor_client, authority):
    existing = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Tirana"))
    response = editor_client.post(
        reverse("partnerships:create"), {"partner": "Tirana", "kind": "partner", "status": "active"}
    )
    assert response.status_code == 422
    assert "already has a partnership with Tirana" in response.context["form"].errors["partner"][0]
    assert list(Partnership.objects.all()) == [existing]


def test_end_before_start_is_shown_on_the_end_field(editor_client, authority):
    response = editor_client.post(
        reverse("activities:create"),
        {
            "title": "Budapest Days in Ankara",
            "kind": "culture_days",
            "direction": "hosted",
            "starts_on": "2015-09-13",
            "ends_on": "2015-09-10",
            "date_precision": "day",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["ends_on"] == ["The end cannot be before the start."]
    assert Activity.objects.count() == 0


def test_htmx_form_error_returns_only_the_form(editor_client):
    response = editor_client.post(
        reverse("activities:create"), {"title": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form")
    assert "<nav" not in response.text


def test_viewer_gets_a_clear_refusal_and_nothing_changes(viewer_client, authority):
    partnership = PartnershipFactory(authority=authority, notes="as it was")
    response = viewer_client.post(
        reverse("partnerships:edit", args=[partnership.pk]),
        {
            "partner": str(partnership.partner.name),
            "kind": "friendship",
            "notes": "changed",
            "read_version": partnership.version,
        },
    )
    assert response.status_code == 403
    assert "needs the editor role" in response.text
    partnership.refresh_from_db()
    assert (partnership.kind, partnership.notes) == ("sister", "as it was")


def test_viewer_cannot_delete(viewer_client, authority):
    activity = ActivityFactory(authority=authority)
    assert viewer_client.post(reverse("activities:delete", args=[activity.pk])).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_viewer_sees_no_edit_buttons(viewer_client, authority):
    partnership = PartnershipFactory(authority=authority)
    response = viewer_client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert reverse("partnerships:edit", args=[partnership.pk]) not in response.text


def test_editor_edits_an_activity_and_the_history_page_shows_it(editor_client, authority):
    activity = ActivityFactory(
        authority=authority,
        title="Islamabad delegation",
        starts_on=dt.date(2014, 1, 1),
        date_precision="year",
    )
    response = editor_client.post(
        reverse("activities:edit", args=[activity.pk]),
        {
            "title": "Islamabad Delegation Technical Visit",
            "kind": "technical",
            "direction": "incoming",
            "starts_on": "2014-01-01",
            "date_precision": "year",
            "read_version": activity.version,
        },
    )
    assert response.status_code == 302
    history = editor_client.get(reverse("history", args=["activity", activity.pk]))
    assert "Islamabad delegation" in history.text
    assert "Islamabad Delegation Technical Visit" in history.text
    assert "technical cooperation" in history.text


def test_partner_search_finds_seoul_by_its_turkish_name(editor_client, authority):
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul", names=["Seul"]))
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Tirana"))
    response = editor_client.get(reverse("partnerships:list"), {"q": "seul"})
    assert [p.partner.name for p in response.context["partnerships"]] == ["Seoul"]


def test_activity_search_finds_words_and_partner_names(editor_client, authority):
    kabul = PartnershipFactory(
        authority=authority, partner=PlaceFactory(name="Kabul", names=["Kâbil"])
    )
    ActivityFactory(
        authority=authority,
        title="Site visit to the solid waste facility",
        search_text="site visit to the solid waste facility",
        partnerships=[kabul],
    )
    ActivityFactory(authority=authority, title="Tirana housing", search_text="tirana housing")

    def titles(q: str) -> list[str]:
        response = editor_client.get(reverse("activities:list"), {"q": q})
        return [a.title for a in response.context["activities"]]

    assert titles("WASTE") == ["Site visit to the solid waste facility"]
    assert titles("kabil") == ["Site visit to the solid waste facility"]


def test_failed_logins_are_throttled(authority, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="clerk")
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    locked = client.post(
        reverse("login"), {"username": "clerk", "password": "correct horse battery staple"}
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text


def test_admin_shows_only_the_authoritys_own_rows(authority, other_authority):
    mine = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Sofia"))
    theirs = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    staff = StaffRoleFactory(
        authority=authority,
        role=Role.ADMIN,
        user=UserFactory(username="office-admin", is_staff=True),
    ).user
    client = Client()
    client.force_login(staff)
    listing = client.get(reverse("admin:partnerships_partnership_changelist"))
    assert "Sofia" in listing.text and "Smyrna" not in listing.text
    assert (
        client.get(reverse("admin:partnerships_partnership_change", args=[mine.pk])).status_code
        == 200
    )
    assert client.get(
        reverse("admin:partnerships_partnership_change", args=[theirs.pk])
    ).status_code in (302, 404)


def test_turkish_labels_keep_the_dotted_capital_i(editor_client):
    response = editor_client.get(reverse("partnerships:create"), headers={"accept-language": "tr"})
    labels = [str(f.label) for f in response.context["form"].visible_fields()]
    assert "İmza tarihi" in labels
    assert not [label for label in labels if label.startswith("I")]


def test_place_box_suggests_places_by_any_spelling(editor_client, django_assert_num_queries):
    PlaceFactory(name="Seoul", names=["Seul"], population=10_000_000)
    PlaceFactory(name="Seulingen", population=1_200)
    with django_assert_num_queries(4):
        response = editor_client.get(reverse("places:suggest"), {"partner": "seul"})
    assert [line.name for line in response.context["lines"]] == ["Seoul", "Seulingen"]
    assert response.text.count('role="option"') == 2


def test_upload_of_a_disallowed_file_is_refused_on_the_file_field(editor_client, authority):
    activity = ActivityFactory(authority=authority)
    response = editor_client.post(
        reverse("activities:attachment_create", args=[activity.pk]),
        {
            "type": "document",
            "file": SimpleUploadedFile("minutes.exe", b"MZ\x90\x00"),
            "caption": "",
        },
    )
    assert response.status_code == 422
    assert "“minutes.exe” is not an allowed file type" in response.context["form"].errors["file"][0]
    assert activity.attachments.count() == 0


def test_the_authoritys_profile_history_shows_its_changes(authority, admin_role):
    from twintowns.authorities.services import authority_update

    authority_update(actor=admin_role.user, authority=authority, districts=25)
    client = Client()
    client.force_login(admin_role.user)
    response = client.get(reverse("history", args=["authority", authority.pk]))
    changes = [(c.field, c.old, c.new) for e in response.context["entries"] for c in e.changes]
    assert changes == [("districts", "—", "25")]


def test_authority_admin_sees_own_authority_and_the_gazetteer_in_the_admin(
    authority, other_authority
):
    staff = StaffRoleFactory(
        authority=authority,
        role=Role.ADMIN,
        user=UserFactory(username="office-admin", is_staff=True),
    ).user
    PlaceFactory(name="Tirana")
    client = Client()
    client.force_login(staff)
    authorities = client.get(reverse("admin:authorities_authority_changelist"))
    assert [a.name for a in authorities.context["cl"].result_list] == [authority.name]
    assert (
        client.get(
            reverse("admin:authorities_authority_change", args=[other_authority.pk])
        ).status_code
        == 404
    )
    places = client.get(reverse("admin:places_place_changelist"), {"q": "tirana"})
    assert [p.name for p in places.context["cl"].result_list] == ["Tirana"]
    assert client.post(reverse("admin:places_place_add"), {"name": "Atlantis"}).status_code == 403
