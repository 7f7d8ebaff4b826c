import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from tests.reports.helpers import activity, pdf_image_sizes, pdf_text, turkish
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Contact, Partnership
from twintowns.reports.mapimage import SIZE
from twintowns.reports.selectors import BRIEFING_LISTED, briefing

pytestmark = pytest.mark.django_db


def _url(partnership) -> str:  # type: ignore[no-untyped-def]
    return reverse("reports:briefing", args=[partnership.pk])


def _record(home, susa):  # type: ignore[no-untyped-def]
    next_year = timezone.localdate().year + 1
    activity(home, "Şuşa delegation in Ankara", 2015, partnerships=[susa])
    activity(
        home,
        "Ankara delegation to Şuşa",
        2014,
        partnerships=[susa],
        direction=Direction.OUTGOING,
        is_best_practice=True,
        lessons_learned="Bring the İş birliği protocol signed.",
    )
    activity(
        home,
        "Ankara Days in Şuşa",
        2013,
        partnerships=[susa],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
    )
    activity(home, "Water utility study tour", next_year, partnerships=[susa])
    Contact.objects.create(partnership=susa, name="Gülşen Ağaoğlu", email="g@susa.example")


def test_the_briefing_pack_tells_the_partners_story(viewer_client, home, susa, other_authority):
    _record(home, susa)
    theirs = PartnershipFactory(authority=other_authority, partner=susa.partner)
    activity(other_authority, "İzmir's own visit to Şuşa", 2015, partnerships=[theirs])
    response = viewer_client.get(_url(susa))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="briefing-')
    content = b"".join(response.streaming_content)
    assert pdf_image_sizes(content) == [SIZE]  # the map of Ankara and Şuşa
    text = pdf_text(content)
    for expected in [
        "Ankara Metropolitan Municipality",
        "Briefing pack: Şuşa",
        "Azerbaijan",
        "Here: delegations received and events we hosted",
        "Şuşa delegation in Ankara",
        "There: our delegations and events abroad",
        "Ankara delegation to Şuşa",
        "Ankara Days in Şuşa",
        "Planned: Water utility study tour",
        "Next turn of the culture days, after “Ankara Days in Şuşa”: their days here",
        "Gülşen Ağaoğlu",
        "Bring the İş birliği protocol signed.",
        "Health score",
        "1/2",
        "2/2",
    ]:
        assert expected in text, expected
    assert "İzmir's own visit" not in text
    assert text.index("Here: delegations") < text.index("Şuşa delegation in Ankara")
    assert text.index("There: our delegations") < text.index("Ankara delegation to Şuşa")


def test_the_briefing_pack_speaks_turkish(viewer_client, home, susa):
    _record(home, susa)
    text = pdf_text(b"".join(turkish(viewer_client).get(_url(susa)).streaming_content))
    for expected in [
        "Ankara Büyükşehir Belediyesi",
        "Azerbaycan",
        "Kültür günleri",
        "İçişleri Bakanlığı onayı",
        "İrtibat kişileri",
        "İyi uygulamalar",
        "Şuşa delegation in Ankara",
        "Gülşen Ağaoğlu",
    ]:
        assert expected in text, expected


def test_another_authoritys_partner_has_no_briefing_pack(viewer_client, home, other_authority):
    theirs = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    assert viewer_client.get(_url(theirs)).status_code == 404


def test_a_user_without_a_role_gets_no_briefing_pack(home, susa):
    client = Client()
    client.force_login(UserFactory(username="nobody"))
    response = client.get(_url(susa))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_a_role_in_another_authority_is_no_key_to_this_one(home, susa, other_authority):
    stranger = StaffRoleFactory(authority=other_authority, role="admin").user
    client = Client()
    client.force_login(stranger)
    assert client.get(_url(susa)).status_code == 404


@pytest.mark.parametrize("activities", [1, 3, BRIEFING_LISTED + 3])
def test_the_briefing_pack_reads_a_fixed_number_of_queries(
    viewer_client, home, susa, django_assert_num_queries, activities
):
    for i in range(activities):  # culture days held, waiting for an answer, and planned
        activity(home, f"Visit {i}", 2010 + i, partnerships=[susa], kind=Kind.CULTURE_DAYS)
        activity(home, f"Visit {i}", 2010 + i, partnerships=[susa], is_best_practice=True)
    with django_assert_num_queries(22):
        response = viewer_client.get(_url(susa))
        b"".join(response.streaming_content)
    assert response.status_code == 200


def test_the_partner_page_offers_the_briefing_pack(viewer_client, home, susa):
    page = viewer_client.get(reverse("partnerships:detail", args=[susa.pk])).text
    assert f'href="{_url(susa)}" download>' in page


# -- Long lists: the latest (or the next) few and how many there are ---------------------


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _dated(
    authority: Authority, count: int, title: str, first: dt.date, **fields: object
) -> list[Activity]:
    """`count` activities a day apart from `first`: "Title 00" is the oldest."""
    return [
        ActivityFactory(
            authority=authority,
            title=f"{title} {i:02}",
            starts_on=first + dt.timedelta(days=i),
            **fields,
        )
        for i in range(count)
    ]


def _titles(activities: list[Activity]) -> list[str]:
    return [a.title for a in activities]


def _latest(total: int) -> str:
    return (
        f"The latest {BRIEFING_LISTED} of {total} are listed here; the partner's page has them all."
    )


def test_each_long_list_shows_its_latest_and_says_how_many_there_are(
    viewer_client, home: Authority, susa: Partnership
) -> None:
    here = _dated(home, BRIEFING_LISTED + 3, "Received", _days_ago(100), partnerships=[susa])
    there = _dated(
        home,
        BRIEFING_LISTED + 1,
        "Practice",
        _days_ago(200),
        partnerships=[susa],
        direction=Direction.OUTGOING,
        is_best_practice=True,
    )
    planned = _dated(home, BRIEFING_LISTED + 2, "Planned", _days_ago(-30), partnerships=[susa])
    pack = briefing(home, susa.pk, timezone.localdate())
    assert pack is not None
    assert _titles(pack.here.rows) == _titles(here[:2:-1])  # the latest first
    assert (pack.here.total, pack.here.note) == (BRIEFING_LISTED + 3, _latest(BRIEFING_LISTED + 3))
    assert _titles(pack.there.rows) == _titles(there[:0:-1])
    assert pack.there.note == _latest(BRIEFING_LISTED + 1)
    assert _titles(pack.best_practices.rows) == _titles(there[:0:-1])
    assert pack.best_practices.total == BRIEFING_LISTED + 1
    assert _titles(pack.planned.rows) == _titles(planned[:BRIEFING_LISTED])  # the next first
    assert pack.planned.note == (
        f"The next {BRIEFING_LISTED} of {BRIEFING_LISTED + 2} are listed here; the partner's "
        "page has them all."
    )
    assert (pack.culture_days.rows, pack.culture_days.total, pack.culture_days.note) == ([], 0, "")
    # Impact and health are measured over every activity held, not over the rows listed; the
    # BRIEFING_LISTED + 2 planned ones have had no impact yet.
    assert pack.impact.activities == 2 * BRIEFING_LISTED + 4
    text = pdf_text(b"".join(viewer_client.get(_url(susa)).streaming_content))
    for expected in [
        _latest(BRIEFING_LISTED + 3),
        _latest(BRIEFING_LISTED + 1),
        "Received 03",
        "Practice 01",
        f"Planned: Planned {BRIEFING_LISTED - 1:02}",
    ]:
        assert expected in text, expected
    for left_out in ["Received 02", "Practice 00", f"Planned {BRIEFING_LISTED:02}"]:
        assert left_out not in text, left_out


def test_long_culture_days_show_the_latest_and_the_latest_waiting(
    home: Authority, susa: Partnership
) -> None:
    days = _dated(
        home,
        BRIEFING_LISTED + 2,
        "Days",
        dt.date(2015, 1, 1),
        partnerships=[susa],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
    )
    pack = briefing(home, susa.pk, dt.date(2020, 6, 1))
    assert pack is not None
    assert _titles(pack.culture_days.rows) == _titles(days[:1:-1])
    assert pack.culture_days.note == _latest(BRIEFING_LISTED + 2)
    # Waiting for an answer: the latest, shown oldest first as the list always was.
    assert _titles(pack.unanswered.rows) == _titles(days[2:])
    assert pack.unanswered.note == (
        f"The latest {BRIEFING_LISTED} of {BRIEFING_LISTED + 2} culture days waiting for an "
        "answer are listed here; the Culture days page has them all."
    )


def test_a_list_of_just_the_limit_shows_everything_and_no_note(
    home: Authority, susa: Partnership
) -> None:
    here = _dated(home, BRIEFING_LISTED, "Received", dt.date(2019, 1, 1), partnerships=[susa])
    pack = briefing(home, susa.pk, dt.date(2020, 6, 1))
    assert pack is not None
    assert _titles(pack.here.rows) == _titles(here[::-1])
    assert (pack.here.total, pack.here.note) == (BRIEFING_LISTED, "")
