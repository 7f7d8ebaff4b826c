"""Reciprocity: visits and culture days here and there, the pairs, and whose turn it is."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Direction, Kind
from twintowns.insights.reciprocity import days_turn, reciprocity_report, visit_turn
from twintowns.partnerships.models import Status

TODAY = timezone.localdate()

Y = dt.date  # a short name for the many dates below


def test_after_our_visit_there_it_is_their_turn_to_visit() -> None:
    with translation.override("en"):
        turn = visit_turn(last_here=Y(2014, 5, 1), last_there=Y(2018, 3, 1))
    assert (turn.ours, turn.reason) == (False, "we went last, in 2018")


def test_after_their_visit_here_it_is_our_turn() -> None:
    assert visit_turn(last_here=Y(2019, 1, 1), last_there=Y(2018, 3, 1)).ours is True
    assert visit_turn(last_here=Y(2019, 1, 1), last_there=None).ours is True


def test_visits_both_ways_on_the_same_day_or_undated_leave_no_turn() -> None:
    assert visit_turn(last_here=Y(2019, 1, 1), last_there=Y(2019, 1, 1)).ours is None
    assert visit_turn(last_here=None, last_there=None).ours is None


def _days(**given: object) -> bool | None:
    fields: dict[str, object] = {
        "open_here": 0,
        "open_there": 0,
        "open_here_last": None,
        "open_there_last": None,
        "last_here": None,
        "last_there": None,
    }
    return days_turn(**(fields | given)).ours  # type: ignore[arg-type]


def test_unanswered_culture_days_make_it_the_other_sides_turn() -> None:
    # Our days there, not yet answered: their turn to hold theirs here.
    assert _days(open_there=1, open_there_last=Y(2015, 10, 1)) is False
    # Their days here, not yet answered: our turn.
    assert _days(open_here=1, open_here_last=Y(2013, 1, 1)) is True
    # Both: the latest unanswered decides.
    assert (
        _days(
            open_here=1, open_here_last=Y(2004, 1, 1), open_there=1, open_there_last=Y(2015, 10, 1)
        )
        is False
    )


def test_when_every_culture_days_is_answered_the_side_that_did_not_hold_the_last_goes_next() -> (
    None
):
    assert _days(last_here=Y(2012, 1, 1), last_there=Y(2011, 1, 1)) is True
    assert _days(last_here=Y(2015, 9, 10), last_there=Y(2016, 1, 1)) is False
    assert _days() is None


@pytest.mark.django_db
def test_the_report_counts_each_direction_links_the_pairs_and_shows_the_turns(authority) -> None:  # type: ignore[no-untyped-def]
    seoul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Seoul"))

    def held(kind: str, direction: str, day: dt.date | None, title: str = "Visit") -> object:
        return ActivityFactory(
            authority=authority,
            date_precision="year" if kind == Kind.CULTURE_DAYS else "day",
            kind=kind,
            direction=direction,
            starts_on=day,
            title=title,
            partnerships=[seoul],
        )

    held(Kind.SITE_VISIT, Direction.INCOMING, Y(2014, 5, 1))
    held(Kind.TECHNICAL_COOPERATION, Direction.INCOMING, Y(2016, 2, 1))
    held(Kind.MEETING, Direction.OUTGOING, Y(2018, 3, 1))
    held(Kind.PROTOCOL_CEREMONY, Direction.ABROAD, None)
    held(Kind.CONFERENCE, Direction.HOSTED, Y(2012, 1, 1))
    first = held(Kind.CULTURE_DAYS, Direction.ABROAD, Y(2006, 1, 1), "Ankara Days in Seoul")
    answer = held(Kind.CULTURE_DAYS, Direction.HOSTED, Y(2007, 1, 1), "Seoul Days in Ankara")
    first.reciprocal = answer  # type: ignore[attr-defined]
    first.save()  # type: ignore[attr-defined]
    held(Kind.CULTURE_DAYS, Direction.ABROAD, Y(2019, 1, 1), "Ankara Days in Seoul")
    PartnershipFactory(authority=authority)  # quiet
    ActivityFactory(authority=authority, kind=Kind.CULTURE_DAYS, direction=Direction.HOSTED)

    report = reciprocity_report(authority, TODAY)

    [e] = report.exchanges
    assert (e.incoming, e.outgoing, e.hosted, e.abroad) == (2, 1, 1, 1)
    assert (e.days_here, e.days_there) == (1, 2)
    assert e.visit_turn.ours is False  # we went last, in 2018
    assert e.days_turn.ours is False  # our 2019 days there are not answered yet
    assert [(p.first_pk, p.answer_pk, p.first_when, p.answer_when) for p in e.pairs] == [
        (first.pk, answer.pk, "2006", "2007")  # type: ignore[attr-defined]
    ]
    assert (report.quiet, report.unlinked) == (1, 1)


@pytest.mark.django_db
def test_an_ended_partnership_shows_its_counts_but_no_turn(authority) -> None:  # type: ignore[no-untyped-def]
    ended = PartnershipFactory(authority=authority, status=Status.ENDED)
    ActivityFactory(
        authority=authority,
        direction=Direction.OUTGOING,
        starts_on=Y(2010, 1, 1),
        partnerships=[ended],
    )

    [e] = reciprocity_report(authority, TODAY).exchanges

    assert (e.outgoing, e.visit_turn.ours, e.days_turn.ours) == (1, None, None)


@pytest.mark.django_db
def test_another_authoritys_exchanges_are_never_counted(authority, other_authority) -> None:  # type: ignore[no-untyped-def]
    theirs = PartnershipFactory(authority=other_authority)
    ActivityFactory(authority=other_authority, partnerships=[theirs], starts_on=Y(2020, 1, 1))

    report = reciprocity_report(authority, TODAY)

    assert (report.exchanges, report.quiet, report.unlinked) == ([], 0, 0)
