"""The shared write path saves a record only from the version stored: one conditional UPDATE."""

import threading

import pytest
from django.db import connection, transaction

from tests.factories import PartnershipFactory, StaffRoleFactory, UserFactory
from twintowns.authorities.models import Authority, Role
from twintowns.core.models import StaleRecord, Theme
from twintowns.partnerships.models import Partnership
from twintowns.partnerships.services import partnership_delete, partnership_update

pytestmark = pytest.mark.django_db


def _two_copies(partnership: Partnership) -> tuple[Partnership, Partnership]:
    """The record as two people read it."""
    return (
        Partnership.objects.get(pk=partnership.pk),
        Partnership.objects.get(pk=partnership.pk),
    )


def test_a_save_from_a_version_saved_since_is_refused_and_writes_nothing(authority, editor):
    partnership = PartnershipFactory(authority=authority, notes="as read", sources="")
    first, second = _two_copies(partnership)
    partnership_update(actor=editor, partnership=first, notes="first")

    with pytest.raises(StaleRecord) as refused:
        partnership_update(actor=editor, partnership=second, notes="second", sources="second")

    assert refused.value.read_version == 1
    stored = Partnership.objects.get()
    assert (stored.notes, stored.sources, stored.version) == ("first", "", 2)
    assert stored.history.count() == 2


def test_a_change_of_themes_alone_moves_the_version_so_a_stale_save_cannot_undo_it(
    authority, editor
):
    partnership = PartnershipFactory(authority=authority)
    first, second = _two_copies(partnership)
    culture = Theme.objects.get(code="culture")
    partnership_update(actor=editor, partnership=first, themes=[culture])

    with pytest.raises(StaleRecord):
        partnership_update(actor=editor, partnership=second, themes=[])

    stored = Partnership.objects.get()
    assert (list(stored.themes.all()), stored.version) == ([culture], 2)


def test_a_stale_delete_is_refused(authority, editor):
    partnership = PartnershipFactory(authority=authority)
    first, second = _two_copies(partnership)
    partnership_update(actor=editor, partnership=first, notes="kept")

    with pytest.raises(StaleRecord):
        partnership_delete(actor=editor, partnership=second)

    assert Partnership.objects.get().notes == "kept"


def test_saving_without_a_change_writes_nothing_and_keeps_the_version(authority, editor):
    partnership = PartnershipFactory(authority=authority, notes="same")

    partnership_update(actor=editor, partnership=partnership, notes="same")

    assert (Partnership.objects.get().version, partnership.history.count()) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_from_the_same_version_cannot_both_win() -> None:
    """Two transactions, each in its own connection: the first holds its claim while the
    second tries to claim the same version. On PostgreSQL the second waits for the first's
    row lock, then finds the version moved on."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the SQLite test database lives in memory with a shared cache, where a second "
            "writer is refused at once instead of waiting; SQLite runs one writing "
            "transaction at a time (BEGIN IMMEDIATE), so the claims cannot interleave there"
        )
    authority = Authority.objects.create(slug="ankara", name="Ankara")
    alice, bob = (UserFactory(username=name) for name in ("alice", "bob"))
    for user in (alice, bob):
        StaffRoleFactory(user=user, authority=authority, role=Role.EDITOR)
    pk = PartnershipFactory(authority=authority, notes="as read").pk
    alice_claimed, outcome = threading.Event(), {}

    def alice_saves() -> None:
        try:
            with transaction.atomic():
                mine = Partnership.objects.get(pk=pk)
                partnership_update(actor=alice, partnership=mine, notes="Alice's")
                alice_claimed.set()
                bob_thread.join(timeout=1)  # Bob is blocked on the row meanwhile
                outcome["bob waited"] = bob_thread.is_alive()
        finally:
            connection.close()

    def bob_saves() -> None:
        try:
            alice_claimed.wait()
            mine = Partnership.objects.get(pk=pk)  # version 1: Alice has not committed
            try:
                partnership_update(actor=bob, partnership=mine, notes="Bob's")
                outcome["bob"] = "saved"
            except StaleRecord:
                outcome["bob"] = "refused"
        finally:
            connection.close()

    bob_thread = threading.Thread(target=bob_saves)
    alice_thread = threading.Thread(target=alice_saves)
    bob_thread.start()
    alice_thread.start()
    alice_thread.join()
    bob_thread.join()

    assert outcome == {"bob waited": True, "bob": "refused"}
    stored = Partnership.objects.get(pk=pk)
    assert (stored.notes, stored.version) == ("Alice's", 2)
