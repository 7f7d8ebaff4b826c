"""A revoked calendar feed stays revoked, whichever way a person tries to switch it back on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from tests.admin_forms import as_shown
from twintowns.authorities.models import StaffRole
from twintowns.authorities.records import record_save
from twintowns.exchange.models import CalendarFeed
from twintowns.exchange.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked(authority, admin_role: StaffRole) -> tuple[CalendarFeed, str]:
    feed, token = calendar_feed_create(
        actor=admin_role.user, authority=authority, label="Mayor's office", language="en"
    )
    calendar_feed_revoke(actor=admin_role.user, feed=feed)
    return feed, token


def _admin_client(role: StaffRole) -> Client:
    role.user.is_staff = True
    role.user.save()
    client = Client()
    client.force_login(role.user)
    return client


def test_clearing_revoked_in_the_admin_leaves_the_feed_revoked(revoked, admin_role, client):
    feed, token = revoked
    revoked_at = feed.revoked_at
    admin = _admin_client(admin_role)
    url = f"/admin/exchange/calendarfeed/{feed.pk}/change/"
    cleared = {"revoked_at_0": "", "revoked_at_1": ""}

    saved = admin.post(url, as_shown(admin, url) | cleared)

    assert saved.status_code == 302  # the form was taken; only "revoked" did not change
    feed.refresh_from_db()
    assert feed.revoked_at == revoked_at
    assert client.get(f"/exchange/calendar/{token}.ics").status_code == 404


def test_a_save_that_would_switch_a_revoked_feed_back_on_is_refused(revoked, admin_role):
    feed, _ = revoked
    feed.revoked_at = None

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        record_save(feed, actor=admin_role.user)

    assert refused.value.message_dict == {
        "revoked_at": ["A revoked feed stays revoked: make a new one instead."]
    }
    assert CalendarFeed.objects.get(pk=feed.pk).is_revoked


def test_an_administrator_revokes_feeds_from_the_admin_list(authority, admin_role, client):
    feed, token = calendar_feed_create(
        actor=admin_role.user, authority=authority, label="Press office", language="tr"
    )
    admin = _admin_client(admin_role)

    admin.post(
        "/admin/exchange/calendarfeed/",
        {"action": "revoke", "_selected_action": [feed.pk], "index": 0},
    )

    feed.refresh_from_db()
    assert feed.is_revoked
    assert client.get(f"/exchange/calendar/{token}.ics").status_code == 404
    assert feed.history.first().history_user == admin_role.user
