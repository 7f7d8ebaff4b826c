"""The iCalendar feed: made and revoked by editors, read without login by its secret URL."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Event

from tests.factories import (
    ActivityFactory,
    CountryFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from twintowns.activities.models import Direction, Kind
from twintowns.authorities.records import Actor
from twintowns.exchange.ical import FOLD_AT, to_ical
from twintowns.exchange.models import CalendarFeed, token_hash
from twintowns.exchange.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db

FEEDS = reverse("exchange:feeds")
# Planned, so always inside the feed's window whenever the tests run.
YEAR = dt.date.today().year + 1


def _feed(authority, actor: Actor, language: str = "en") -> tuple[CalendarFeed, str]:
    return calendar_feed_create(
        actor=actor, authority=authority, label="Mayor's office", language=language
    )


def _events(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def _seoul_days(authority):
    korea = CountryFactory()
    seoul = PartnershipFactory(
        authority=authority, partner=PlaceFactory(name="Seoul", country=korea)
    )
    return ActivityFactory(
        authority=authority,
        title="Seoul Days in Ankara",
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
        starts_on=dt.date(YEAR, 9, 10),
        ends_on=dt.date(YEAR, 9, 13),
        place=PlaceFactory(
            name="Ankara", country=CountryFactory(code="TR", name="Turkey", name_tr="Türkiye")
        ),
        partnerships=[seoul],
        outcomes="A Korean garden in Seğmenler Park.",
    )


def test_an_editor_creates_a_feed_and_sees_its_url_once(editor_client, authority, editor):
    response = editor_client.post(FEEDS, {"label": "Mayor's office", "language": "tr"})

    feed = CalendarFeed.objects.get()
    url = response.context["new_url"]
    token = url.removeprefix("http://testserver/exchange/calendar/").removesuffix(".ics")
    assert response.status_code == 200
    assert url.encode() in response.content
    assert (feed.authority, feed.label, feed.language, feed.created_by) == (
        authority,
        "Mayor's office",
        "tr",
        editor,
    )
    # Only a digest is stored: the page is the one place the URL is ever shown.
    assert feed.token_hash == token_hash(token) != token
    assert token not in str(CalendarFeed.objects.values().get())
    assert url.encode() not in editor_client.get(FEEDS).content
    assert feed.history.get().history_user == editor


def test_the_feed_page_offers_the_editors_language_first(authority, editor):
    client = Client(headers={"accept-language": "tr"})
    client.force_login(editor)
    assert client.get(FEEDS).context["form"]["language"].value() == "tr"


def test_a_feed_needs_a_label(editor_client):
    response = editor_client.post(FEEDS, {"label": "", "language": "en"})
    assert response.status_code == 422
    assert response.context["form"].errors == {"label": ["This field is required."]}
    assert CalendarFeed.objects.count() == 0


def test_a_viewer_can_neither_see_nor_create_feeds(viewer_client, authority, editor):
    _feed(authority, editor)
    assert viewer_client.get(FEEDS).status_code == 403
    assert viewer_client.post(FEEDS, {"label": "Mine", "language": "en"}).status_code == 403
    assert CalendarFeed.objects.count() == 1


def test_the_feed_reads_without_login_as_an_icalendar_the_library_parses(
    client, authority, other_authority, editor
):
    seoul_days = _seoul_days(authority)
    ActivityFactory(
        authority=other_authority, title="Izmir's visit", starts_on=dt.date(YEAR, 9, 11)
    )
    _feed_row, token = _feed(authority, editor)

    response = client.get(reverse("exchange:feed", args=[token]))
    calendar = Calendar.from_ical(response.content)
    events = _events(response)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(calendar["x-wr-calname"]) == "Ankara Metropolitan Municipality: activities"
    assert list(events) == ["Seoul Days in Ankara"]
    event = events["Seoul Days in Ankara"]
    assert str(event["uid"]) == f"activity-{seoul_days.pk}@{authority.pk}.twintowns"
    assert event.decoded("dtstart") == dt.date(YEAR, 9, 10)
    assert event.decoded("dtend") == dt.date(YEAR, 9, 14)  # exclusive: the 13th is the last day
    assert str(event["location"]) == "Ankara, Turkey"
    assert str(event["url"]) == f"http://testserver/activities/{seoul_days.pk}/"
    assert str(event["description"]) == (
        "Culture days · hosted here\n\nPartners: Seoul (South Korea)\n\n"
        "Outcomes: A Korean garden in Seğmenler Park."
    )
    assert isinstance(event.decoded("dtstamp"), dt.datetime)
    # Calendar applications fetch it again every six hours.
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in response.content


def test_the_feed_is_written_as_icalendar_writes_what_it_reads(client, authority, editor):
    """Events sharing days, long lines with characters of one to four octets, and escapes,
    at every place a fold can fall: parsed and written again, the feed is the same bytes."""
    for n in range(40):
        month_only = n % 7 == 0
        ActivityFactory(
            authority=authority,
            title=f"Seoul Days, {'ğ' * n}{'€' * (n % 3)};{'😀' * (n % 5)} in Ankara",
            kind=Kind.CULTURE_DAYS if n % 2 else Kind.MEETING,
            starts_on=dt.date(YEAR, 9, 1 if month_only else 10 + n % 3),
            ends_on=dt.date(YEAR, 9, 13) if n % 4 and not month_only else None,
            date_precision="month" if month_only else "day",
            description=f"{'x' * n}\\ a backslash, then Güney Kore; {'ş' * 90} ^ {'y' * n}",
            place=PlaceFactory(name=f"Ankara{',' * n}"),
        )
    _feed_row, token = _feed(authority, editor)

    content = client.get(reverse("exchange:feed", args=[token])).content
    calendar = Calendar.from_ical(content)

    assert calendar.to_ical() == content
    assert len(calendar.walk("VEVENT")) == 40
    assert max(len(line) for line in content.split(b"\r\n")) <= FOLD_AT + 1
    days = {(e.decoded("dtstart"), e.decoded("dtend")) for e in calendar.walk("VEVENT")}
    assert (dt.date(YEAR, 9, 11), dt.date(YEAR, 9, 14)) in days  # from the 11th to the 13th
    assert (dt.date(YEAR, 9, 1), dt.date(YEAR, 9, 2)) in days  # only the month known
    assert {tuple(e.decoded("categories")) for e in calendar.walk("VEVENT")} == {
        ("culture days",),
        ("meeting on a specific issue",),
    }
    assert content.count(b"DTSTART;VALUE=DATE:") == content.count(b"DTEND;VALUE=DATE:") == 40


@pytest.mark.parametrize("char", ["a", "ğ", "€", "😀", "\\", ",", ";", "^", "\n"])
def test_lines_are_folded_where_icalendar_folds_them(char):
    calendar = Calendar()
    for n in range(FOLD_AT * 2 + 10):
        event = Event()
        event.add("summary", "s" * n + char * 4 + "z" * n)
        event.add("location", char * n, parameters={"ALTREP": f"https://example.org/{n}^"})
        calendar.add_component(event)
    assert to_ical(calendar) == calendar.to_ical()


def test_the_uid_stays_when_the_activity_changes(client, authority, editor):
    seoul_days = _seoul_days(authority)
    _feed_row, token = _feed(authority, editor)
    url = reverse("exchange:feed", args=[token])
    before = [str(e["uid"]) for e in _events(client.get(url)).values()]

    seoul_days.title = "Seoul Days in Ankara, postponed"
    seoul_days.starts_on = dt.date(YEAR, 10, 1)
    seoul_days.ends_on = None
    seoul_days.save()
    after = _events(client.get(url))

    assert [str(e["uid"]) for e in after.values()] == before
    assert after["Seoul Days in Ankara, postponed"].decoded("dtend") == dt.date(YEAR, 10, 2)


def test_a_month_is_on_its_first_day_and_says_so_and_a_year_is_left_out(client, authority, editor):
    ActivityFactory(
        authority=authority,
        title="Conference",
        starts_on=dt.date(YEAR, 3, 1),
        date_precision="month",
    )
    ActivityFactory(
        authority=authority,
        title="Ankara Days in Astana",
        starts_on=dt.date(2001, 1, 1),
        date_precision="year",
    )
    ActivityFactory(authority=authority, title="No date yet")
    _feed_row, token = _feed(authority, editor)

    events = _events(client.get(reverse("exchange:feed", args=[token])))

    assert list(events) == [f"Conference (March {YEAR}, day not known)"]
    event = events[f"Conference (March {YEAR}, day not known)"]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        dt.date(YEAR, 3, 1),
        dt.date(YEAR, 3, 2),
    )


def test_the_feed_holds_the_past_year_and_everything_planned(client, authority, editor):
    today = dt.date.today()
    for title, start, end in [
        ("Two years ago", today - dt.timedelta(days=730), None),
        ("Long, ended a month ago", today - dt.timedelta(days=800), today - dt.timedelta(days=30)),
        ("Half a year ago", today - dt.timedelta(days=180), None),
        ("Next year", today + dt.timedelta(days=365), None),
    ]:
        ActivityFactory(authority=authority, title=title, starts_on=start, ends_on=end)
    _feed_row, token = _feed(authority, editor)

    events = _events(client.get(reverse("exchange:feed", args=[token])))

    assert sorted(events) == ["Half a year ago", "Long, ended a month ago", "Next year"]


def test_the_feed_speaks_its_own_language(client, authority, editor):
    _seoul_days(authority)
    _feed_row, token = _feed(authority, editor, language="tr")

    event = _events(client.get(reverse("exchange:feed", args=[token])))["Seoul Days in Ankara"]

    assert str(event["location"]) == "Ankara, Türkiye"
    assert str(event["description"]).startswith(
        "Kültür günleri · ev sahipliğimizde\n\nOrtak şehirler: Seoul (Güney Kore)\n\n"
    )
    assert event.decoded("categories") == ["kültür günleri"]


def test_a_fetch_stamps_the_feed_as_used(client, authority, editor):
    feed, token = _feed(authority, editor)
    assert feed.last_used_at is None
    client.get(reverse("exchange:feed", args=[token]))
    feed.refresh_from_db()
    assert feed.last_used_at is not None
    assert feed.history.count() == 1  # a reading, not a change


def test_a_revoked_or_unknown_token_is_404(client, authority, editor):
    _seoul_days(authority)
    feed, token = _feed(authority, editor)
    url = reverse("exchange:feed", args=[token])
    assert client.get(url).status_code == 200

    calendar_feed_revoke(actor=editor, feed=feed)

    assert client.get(url).status_code == 404
    assert client.get(reverse("exchange:feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("exchange:feed", args=[feed.token_hash])).status_code == 404


def test_an_editor_revokes_a_feed_from_the_page_leaving_history(editor_client, authority, editor):
    feed, _token = _feed(authority, editor)

    response = editor_client.post(reverse("exchange:feed_revoke", args=[feed.pk]))

    feed.refresh_from_db()
    assert response.status_code == 302
    assert feed.revoked_at is not None
    latest = feed.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (editor, "revoked")
    assert editor_client.post(reverse("exchange:feed_revoke", args=[feed.pk])).status_code == 302
    page = editor_client.get(reverse("history", args=["calendar_feed", feed.pk]))
    assert page.status_code == 200
    assert "revoked" in page.content.decode()


def test_a_viewer_cannot_revoke_and_the_feed_stays_live(viewer_client, client, authority, editor):
    feed, token = _feed(authority, editor)

    response = viewer_client.post(reverse("exchange:feed_revoke", args=[feed.pk]))

    feed.refresh_from_db()
    assert response.status_code == 403
    assert feed.revoked_at is None
    assert client.get(reverse("exchange:feed", args=[token])).status_code == 200


def test_another_authoritys_feed_is_404_to_revoke(editor_client, other_authority):
    izmir_editor = StaffRoleFactory(
        authority=other_authority, user=UserFactory(username="izmir-editor")
    ).user
    feed, _token = _feed(other_authority, izmir_editor)

    response = editor_client.post(reverse("exchange:feed_revoke", args=[feed.pk]))

    feed.refresh_from_db()
    assert response.status_code == 404
    assert feed.revoked_at is None
    assert list(editor_client.get(FEEDS).context["feeds"]) == []


def test_revoking_is_a_post(editor_client, authority, editor):
    feed, _token = _feed(authority, editor)
    assert editor_client.get(reverse("exchange:feed_revoke", args=[feed.pk])).status_code == 405


@pytest.mark.parametrize("n", [1, 3])
def test_the_feed_costs_a_fixed_number_of_queries(
    client, authority, editor, django_assert_num_queries, n
):
    for _ in range(n):
        _seoul_days(authority)
    _feed_row, token = _feed(authority, editor)
    # The feed, its use stamped, the activities with their places, their partners, their themes.
    with django_assert_num_queries(5):
        response = client.get(reverse("exchange:feed", args=[token]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_feeds_page_costs_a_fixed_number_of_queries(
    editor_client, authority, editor, django_assert_num_queries, n
):
    for _ in range(n):
        _feed(authority, editor)
    with django_assert_num_queries(5):
        response = editor_client.get(FEEDS)
    assert len(response.context["feeds"]) == n


def test_the_admin_lists_the_authoritys_feeds_and_cannot_make_one(authority, other_authority):
    staff = StaffRoleFactory(
        authority=authority, role="admin", user=UserFactory(username="office-admin", is_staff=True)
    ).user
    izmir = StaffRoleFactory(authority=other_authority, user=UserFactory(username="izmir")).user
    mine, _token = calendar_feed_create(
        actor=staff, authority=authority, label="Protocol desk", language="en"
    )
    theirs, _token = calendar_feed_create(
        actor=izmir, authority=other_authority, label="Izmir desk", language="tr"
    )
    client = Client()
    client.force_login(staff)

    listing = client.get(reverse("admin:exchange_calendarfeed_changelist"))

    assert [feed.label for feed in listing.context["cl"].result_list] == ["Protocol desk"]
    assert client.get(reverse("admin:exchange_calendarfeed_add")).status_code == 403
    assert (
        client.get(reverse("admin:exchange_calendarfeed_change", args=[theirs.pk])).status_code
        == 404
    )
    change = client.get(reverse("admin:exchange_calendarfeed_change", args=[mine.pk]))
    assert change.status_code == 200
    assert mine.token_hash not in change.text
