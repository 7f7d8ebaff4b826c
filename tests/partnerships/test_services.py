import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PartnershipFactory, PlaceFactory
from twintowns.core.history import history_entries
from twintowns.core.models import Theme
from twintowns.partnerships.models import LifecycleEvent, Partnership, Status
from twintowns.partnerships.services import partnership_create, partnership_move, partnership_update

pytestmark = pytest.mark.django_db


def test_editor_creates_a_partnership_with_its_first_lifecycle_step(authority, editor):
    seoul = PlaceFactory(name="Seoul")
    partnership = partnership_create(
        actor=editor,
        authority=authority,
        partner=seoul,
        kind="sister",
        status=Status.SIGNED,
        status_date=dt.date(2006, 5, 1),
        themes=Theme.objects.filter(code="culture"),
    )
    assert partnership.partner == seoul
    assert [t.code for t in partnership.themes.all()] == ["culture"]
    assert list(partnership.events.values_list("status", "date")) == [
        ("signed", dt.date(2006, 5, 1))
    ]
    created = partnership.history.earliest()
    assert (created.history_type, created.history_user) == ("+", editor)


def test_duplicate_partnership_is_refused_on_the_partner_field_and_nothing_is_written(
    authority, editor
):
    existing = PartnershipFactory(authority=authority)
    before = Partnership.history.count()
    with pytest.raises(ValidationError) as refused:
        partnership_create(
            actor=editor, authority=authority, partner=existing.partner, kind="sister"
        )
    assert list(refused.value.message_dict) == ["partner"]
    assert existing.partner.name in refused.value.message_dict["partner"][0]
    assert Partnership.objects.count() == 1
    assert Partnership.history.count() == before


def test_the_same_city_may_partner_two_authorities(authority, other_authority, editor):
    other = PartnershipFactory(authority=other_authority)
    partnership = partnership_create(
        actor=editor, authority=authority, partner=other.partner, kind="sister"
    )
    assert partnership.authority == authority


def test_viewer_is_refused_and_nothing_changes(authority, viewer):
    with pytest.raises(PermissionDenied, match="editor role"):
        partnership_create(actor=viewer, authority=authority, partner=PlaceFactory(), kind="sister")
    assert Partnership.objects.count() == 0


def test_editor_of_another_authority_is_refused(other_authority, editor):
    partnership = PartnershipFactory(authority=other_authority, notes="before")
    with pytest.raises(PermissionDenied):
        partnership_update(actor=editor, partnership=partnership, notes="after")
    partnership.refresh_from_db()
    assert partnership.notes == "before"


def test_update_records_who_changed_what_from_which_value_to_which(authority, editor):
    partnership = PartnershipFactory(authority=authority, council_decision_number="")
    partnership_update(actor=editor, partnership=partnership, council_decision_number="2004/112")
    newest = history_entries(partnership)[0]
    assert newest.user == editor
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("council decision no.", "—", "2004/112")
    ]


def test_update_without_a_change_writes_no_history(authority, editor):
    partnership = PartnershipFactory(authority=authority, notes="same")
    before = partnership.history.count()
    partnership_update(actor=editor, partnership=partnership, notes="same")
    assert partnership.history.count() == before


def test_moving_status_is_dated_and_explained(authority, editor):
    partnership = PartnershipFactory(authority=authority, status=Status.ACTIVE)
    partnership_move(
        actor=editor,
        partnership=partnership,
        status=Status.DORMANT,
        date=dt.date(2020, 1, 1),
        note="no visits since 2015",
    )
    partnership.refresh_from_db()
    assert partnership.status == Status.DORMANT
    assert LifecycleEvent.objects.get(partnership=partnership).note == "no visits since 2015"
    assert partnership.history.latest().history_change_reason == "no visits since 2015"
