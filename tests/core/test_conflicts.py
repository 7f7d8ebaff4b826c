"""Two people editing one record: the second save is refused and shown beside the first.

The forms are read from the pages and posted back as a browser sends them, hidden fields too.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from tests.forms import form_data
from tests.races import saved_first_by_someone_else
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority, Role
from twintowns.authorities.records import record_update
from twintowns.core.models import Theme
from twintowns.partnerships.models import Contact, Partnership
from twintowns.partnerships.services import partnership_update

pytestmark = pytest.mark.django_db


def _editor(authority: Authority, name: str) -> Client:
    user = UserFactory(username=name)
    StaffRoleFactory(user=user, authority=authority, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(authority: Authority) -> Client:
    return _editor(authority, "alice")


@pytest.fixture
def bob(authority: Authority) -> Client:
    return _editor(authority, "bob")


@pytest.fixture
def seoul(authority: Authority) -> Partnership:
    return PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Seoul"),
        notes="Signed in Seoul.",
        sources="Council archive",
    )


def _opened(client: Client, url: str) -> dict:
    return form_data(client.get(url).text)


def _rows(response) -> list[tuple]:
    return [
        (row.label, row.read, row.stored, row.yours, str(row.who), row.both_changed)
        for row in response.context["conflict"].rows
    ]


def test_the_second_editor_of_a_partnership_is_shown_both_notes_and_nothing_of_theirs_is_saved(
    alice, bob, seoul
):
    url = reverse("partnerships:edit", args=[seoul.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)

    first = alice.post(url, alices | {"notes": "Signed in Seoul. The mayor visits in May."})
    second = bob.post(url, bobs | {"notes": "Signed in Seoul. Send the gift list."})

    assert first.status_code == 302
    assert second.status_code == 409
    assert _rows(second) == [
        (
            "notes",
            "Signed in Seoul.",
            "Signed in Seoul. The mayor visits in May.",
            "Signed in Seoul. Send the gift list.",
            "alice",
            True,
        )
    ]
    seoul.refresh_from_db()
    assert (seoul.notes, seoul.version) == ("Signed in Seoul. The mayor visits in May.", 2)
    assert seoul.history.count() == 2  # created, and Alice's change


def test_saving_the_conflict_page_again_keeps_both_editors_changes_to_different_fields(
    alice, bob, seoul
):
    url = reverse("partnerships:edit", args=[seoul.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)
    alice.post(url, alices | {"sources": "Council archive; ministry letter 2004/17"})
    conflict = bob.post(url, bobs | {"notes": "Signed in Seoul. Send the gift list."})
    assert _rows(conflict) == [
        ("sources", "Council archive", "Council archive; ministry letter 2004/17",
         "Council archive", "alice", False),
        ("notes", "Signed in Seoul.", "Signed in Seoul.",
         "Signed in Seoul. Send the gift list.", "None", False),
    ]  # fmt: skip

    again = bob.post(url, form_data(conflict.text))

    assert again.status_code == 302
    seoul.refresh_from_db()
    assert (seoul.sources, seoul.notes, seoul.version) == (
        "Council archive; ministry letter 2004/17",
        "Signed in Seoul. Send the gift list.",
        3,
    )


def test_on_the_conflict_page_the_second_editor_may_keep_their_notes_or_take_the_others(
    alice, bob, seoul, authority
):
    url = reverse("partnerships:edit", args=[seoul.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)
    alice.post(url, alices | {"notes": "Alice's notes", "sources": "Alice's sources"})
    conflict = bob.post(url, bobs | {"notes": "Bob's notes", "sources": "Bob's sources"})
    page = form_data(conflict.text)
    assert (page["conflict-notes"], page["conflict-sources"]) == ("yours", "yours")

    bob.post(url, page | {"conflict-sources": "stored"})

    seoul.refresh_from_db()
    assert (seoul.notes, seoul.sources) == ("Bob's notes", "Alice's sources")


def test_a_form_without_the_version_it_was_read_at_is_refused_and_saves_nothing(alice, seoul):
    url = reverse("partnerships:edit", args=[seoul.pk])
    data = _opened(alice, url)
    del data["read_version"]

    response = alice.post(url, data | {"notes": "Overwritten"})

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "This form did not say which version of the record it was filled from, so saving it "
        "could undo someone else's change. Open the page again and make your change there."
    ]
    seoul.refresh_from_db()
    assert (seoul.notes, seoul.version) == ("Signed in Seoul.", 1)


def test_for_htmx_the_conflict_comes_back_as_the_form_to_swap_in(alice, bob, seoul):
    url = reverse("partnerships:edit", args=[seoul.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)
    alice.post(url, alices | {"notes": "Alice's notes"})

    response = bob.post(url, bobs | {"notes": "Bob's notes"}, headers={"HX-Request": "true"})

    assert response.status_code == 200  # htmx swaps in 2xx answers only
    assert response.text.lstrip().startswith('<form method="post" id="record-form"')
    assert 'id="conflict-table"' in response.text
    assert form_data(response.text)["read_version"] == "2"


@pytest.fixture
def visit(authority: Authority) -> Activity:
    return ActivityFactory(authority=authority, title="Visit of the Seoul delegation")


def test_two_editors_of_an_activity_keep_the_title_of_one_and_the_themes_of_the_other(
    alice, bob, visit
):
    url = reverse("activities:edit", args=[visit.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)
    culture, economy = Theme.objects.get(code="culture"), Theme.objects.get(code="economy")
    alice.post(url, alices | {"themes": [str(culture.pk), str(economy.pk)]})

    conflict = bob.post(
        url, bobs | {"title": "Visit of the Seoul city council", "outcomes": "A protocol"}
    )

    assert conflict.status_code == 409
    visit.refresh_from_db()  # nothing of Bob's save is half-written
    assert (visit.title, visit.outcomes, visit.version) == ("Visit of the Seoul delegation", "", 2)
    assert _rows(conflict) == [
        ("title", "Visit of the Seoul delegation", "Visit of the Seoul delegation",
         "Visit of the Seoul city council", "None", False),
        ("themes", "—", "Social and cultural activities, Economy", "—", "alice", False),
        ("outcomes", "—", "—", "A protocol", "None", False),
    ]  # fmt: skip
    assert bob.post(url, form_data(conflict.text)).status_code == 302
    visit.refresh_from_db()
    assert (visit.title, visit.outcomes) == ("Visit of the Seoul city council", "A protocol")
    assert set(visit.themes.values_list("code", flat=True)) == {"culture", "economy"}


def test_a_save_landing_between_the_requests_read_and_its_write_is_caught(
    alice, bob, seoul, authority
):
    url = reverse("partnerships:edit", args=[seoul.pk])
    bobs = _opened(bob, url)
    alice_user = User.objects.get(username="alice")

    def alice_saves() -> None:
        fresh = Partnership.objects.get(pk=seoul.pk)
        partnership_update(actor=alice_user, partnership=fresh, notes="Alice, meanwhile")

    with saved_first_by_someone_else(alice_saves):
        response = bob.post(url, bobs | {"notes": "Bob's notes"})

    assert response.status_code == 409
    assert _rows(response) == [
        ("notes", "Signed in Seoul.", "Alice, meanwhile", "Bob's notes", "alice", True)
    ]
    seoul.refresh_from_db()
    assert (seoul.notes, seoul.version) == ("Alice, meanwhile", 2)


def _contact(authority: Authority) -> Contact:
    return PartnershipFactory(authority=authority).contacts.create(name="Kim", position="Mayor")


# Every edit page of a stored record: its URL, a maker of the record, a text field of its form.
EDIT_PAGES = [
    ("partnerships:edit", lambda a: PartnershipFactory(authority=a), "notes", lambda r: [r.pk]),
    ("activities:edit", lambda a: ActivityFactory(authority=a), "outcomes", lambda r: [r.pk]),
    ("partnerships:contact_edit", _contact, "position", lambda r: [r.partnership_id, r.pk]),
    ("networks:edit", lambda a: OrganizationFactory(authority=a), "description", lambda r: [r.pk]),
    ("networks:membership", lambda a: MembershipFactory(organization__authority=a), "notes",
     lambda r: [r.organization_id]),
    ("authorities:edit", lambda a: a, "highlights", lambda r: []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url_name", "make", "field", "args"), EDIT_PAGES, ids=[page[0] for page in EDIT_PAGES]
)
def test_every_edit_page_refuses_a_save_over_a_change_made_since_and_merges_to_save_again(
    authority, url_name, make, field, args
):
    alice, bob = (StaffRoleFactory(authority=authority, role=Role.ADMIN).user for _ in "ab")
    record = make(authority)
    client = Client()
    client.force_login(bob)
    url = reverse(url_name, args=args(record))
    opened = _opened(client, url)
    record_update(type(record).objects.get(pk=record.pk), actor=alice, **{field: "Alice's"})

    conflict = client.post(url, opened | {field: "Bob's"})

    assert conflict.status_code == 409
    assert [(r.name, r.stored, r.yours) for r in conflict.context["conflict"].rows] == [
        (field, "Alice's", "Bob's")
    ]
    record.refresh_from_db()
    assert (getattr(record, field), record.version) == ("Alice's", 2)
    assert client.post(url, form_data(conflict.text)).status_code == 302
    record.refresh_from_db()
    assert (getattr(record, field), record.version) == ("Bob's", 3)


def test_a_status_move_from_a_page_read_before_someone_elses_move_is_shown_both(alice, bob, seoul):
    detail = reverse("partnerships:detail", args=[seoul.pk])
    move = reverse("partnerships:move", args=[seoul.pk])
    alices, bobs = (form_data(c.get(detail).text, action=move) for c in (alice, bob))
    alice.post(move, alices | {"status": "dormant", "note": "No reply since 2019."})

    conflict = bob.post(move, bobs | {"status": "ended", "note": "The council ended it."})

    assert conflict.status_code == 409
    assert _rows(conflict) == [("status", "active", "dormant", "ended", "alice", True)]
    assert list(seoul.events.values_list("status", flat=True)) == ["dormant"]
    assert bob.post(move, form_data(conflict.text)).status_code == 302
    assert list(seoul.events.values_list("status", "note")) == [
        ("dormant", "No reply since 2019."),
        ("ended", "The council ended it."),
    ]


def test_a_delete_confirmed_on_a_page_read_before_someone_elses_change_asks_again(
    alice, bob, seoul
):
    url = reverse("partnerships:delete", args=[seoul.pk])
    confirmation = form_data(bob.get(url).text, form_id="confirm-delete")
    edit = reverse("partnerships:edit", args=[seoul.pk])
    alice.post(edit, _opened(alice, edit) | {"notes": "Renewed in 2024."})

    asked_again = bob.post(url, confirmation)

    assert asked_again.status_code == 409
    assert "alice changed it on " in asked_again.text
    assert Partnership.objects.get().notes == "Renewed in 2024."
    assert bob.post(url, form_data(asked_again.text, form_id="confirm-delete")).status_code == 302
    assert not Partnership.objects.exists()


def test_a_turkish_reader_is_told_of_the_conflict_in_turkish(alice, bob, seoul):
    url = reverse("partnerships:edit", args=[seoul.pk])
    alices, bobs = _opened(alice, url), _opened(bob, url)
    alice.post(url, alices | {"notes": "Alice"})

    response = bob.post(url, bobs | {"notes": "Bob"}, headers={"accept-language": "tr"})

    assert "Siz düzenlerken bu kaydı başka biri kaydetti" in response.text
    assert ">Yeniden kaydet</button>" in response.text
