"""Reciprocity: for each partner, visits and culture days here and there, the reciprocal pairs,
and whose turn it is to visit or to hold culture days. Counted in the database: one query for
the table, one for the pairs, one for the activities linked to no partner."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from twintowns.activities.models import (
    Activity,
    Direction,
    Kind,
    held_condition,
    planned_condition,
)
from twintowns.authorities.models import Authority
from twintowns.insights.sides import HERE, THERE
from twintowns.lib.dates import format_partial
from twintowns.partnerships.models import Partnership, Status

VISIT_KINDS = [k for k in Kind if k != Kind.CULTURE_DAYS]


@dataclass(frozen=True)
class Turn:
    """Whose turn it is: ours (True), theirs (False) or nobody's yet (None), and why."""

    ours: bool | None
    reason: str


@dataclass(frozen=True)
class Pair:
    """Two reciprocal events: the first, and the one that answers it."""

    first_pk: int
    first_title: str
    first_when: str
    answer_pk: int
    answer_title: str
    answer_when: str


@dataclass(frozen=True)
class Exchange:
    partnership: Partnership
    incoming: int  # their delegations to us
    outgoing: int  # our delegations to them
    hosted: int  # other events with them held here
    abroad: int  # other events with them held there
    visit_turn: Turn
    days_here: int  # their culture days held here
    days_there: int  # our culture days held there
    days_turn: Turn
    pairs: list[Pair]
    planned: int = 0  # visits, events and culture days still to come: none of the above

    @property
    def total(self) -> int:
        return (
            self.incoming
            + self.outgoing
            + self.hosted
            + self.abroad
            + self.days_here
            + self.days_there
        )


@dataclass(frozen=True)
class ReciprocityReport:
    """Over the activities held (by the day it was made): one planned is no one's visit yet."""

    exchanges: list[Exchange]  # partners with any visit, event or culture days; most first
    quiet: int  # partners with none, held or planned
    unlinked: int  # activities held that are linked to no partner, so counted for none


def visit_turn(last_here: dt.date | None, last_there: dt.date | None) -> Turn:
    """After our visit there it is their turn to visit, and the other way round."""
    if last_here is None and last_there is None:
        return Turn(None, _("no dated visit"))
    if last_here is None or (last_there is not None and last_there > last_here):
        assert last_there is not None
        return Turn(False, _("we went last, in %(year)s") % {"year": last_there.year})
    if last_there is None or last_here > last_there:
        return Turn(True, _("they came last, in %(year)s") % {"year": last_here.year})
    return Turn(None, _("both ways in %(year)s") % {"year": last_here.year})


def days_turn(
    *,
    open_here: int,
    open_there: int,
    open_here_last: dt.date | None,
    open_there_last: dt.date | None,
    last_here: dt.date | None,
    last_there: dt.date | None,
) -> Turn:
    """Culture days left unanswered make it the other side's turn (the latest unanswered
    decides); when every one is answered, the side that did not hold the last one goes next."""
    if open_here or open_there:
        there_later = open_there and (
            not open_here or (open_there_last or dt.date.min) > (open_here_last or dt.date.min)
        )
        if there_later:
            year = open_there_last.year if open_there_last else "?"
            return Turn(False, _("our days there (%(year)s) not answered yet") % {"year": year})
        year = open_here_last.year if open_here_last else "?"
        return Turn(True, _("their days here (%(year)s) not answered yet") % {"year": year})
    if last_here is None and last_there is None:
        return Turn(None, "")
    if last_here is None or (last_there is not None and last_there > last_here):
        assert last_there is not None
        return Turn(
            False, _("all answered; ours there were last, in %(year)s") % {"year": last_there.year}
        )
    return Turn(
        True, _("all answered; theirs here were last, in %(year)s") % {"year": last_here.year}
    )


def reciprocity_report(authority: Authority, today: dt.date) -> ReciprocityReport:
    """Each partner's exchanges held by `today`, whose turn is next, and what is planned."""
    pairs = _pairs(authority)
    exchanges, quiet = [], 0
    for p in _exchange_counts(authority, today):
        exchange = _exchange(p, pairs.get(p.pk, []))
        if exchange.total or exchange.planned:
            exchanges.append(exchange)
        else:
            quiet += 1
    exchanges.sort(key=lambda e: (-e.total, -e.planned, e.partnership.partner.name))
    unlinked = (
        Activity.objects.held(today).filter(authority=authority, partnerships__isnull=True).count()
    )
    return ReciprocityReport(exchanges=exchanges, quiet=quiet, unlinked=unlinked)


def _exchange(p: Any, pairs: list[Pair]) -> Exchange:
    """`p`: a Partnership with the annotations of `_exchange_counts`."""
    return Exchange(
        partnership=p,
        incoming=p.incoming,
        outgoing=p.outgoing,
        hosted=p.hosted,
        abroad=p.abroad,
        visit_turn=_visit_turn_of(p),
        days_here=p.days_here,
        days_there=p.days_there,
        days_turn=_days_turn_of(p),
        pairs=pairs,
        planned=p.planned,
    )


def _visit_turn_of(p: Any) -> Turn:
    if p.status == Status.ENDED:
        return Turn(None, _("ended"))
    if not p.incoming + p.outgoing + p.hosted + p.abroad:
        return Turn(None, "")
    return visit_turn(p.visit_here_last, p.visit_there_last)


def _days_turn_of(p: Any) -> Turn:
    if p.status == Status.ENDED:
        return Turn(None, _("ended"))
    return days_turn(
        open_here=p.open_here,
        open_there=p.open_there,
        open_here_last=p.open_here_last,
        open_there_last=p.open_there_last,
        last_here=p.days_here_last,
        last_there=p.days_there_last,
    )


def _exchange_counts(authority: Authority, today: dt.date) -> QuerySet[Partnership]:
    """The authority's partnerships, each with its counts and latest dates here and there of
    the activities held by `today`, and how many are planned after it."""
    ours = Q(activities__authority=authority)
    mine = ours & held_condition(today, via="activities__")
    visit = mine & Q(activities__kind__in=VISIT_KINDS)
    days = mine & Q(activities__kind=Kind.CULTURE_DAYS)
    here = Q(activities__direction__in=HERE)
    there = Q(activities__direction__in=THERE)
    unanswered = Q(activities__reciprocal__isnull=True, activities__reciprocated_by__isnull=True)
    started = "activities__starts_on"

    def count(condition: Q) -> Count:
        return Count("activities", filter=condition, distinct=True)

    return (
        Partnership.objects.filter(authority=authority)
        .select_related("partner__country")
        .annotate(
            incoming=count(visit & Q(activities__direction=Direction.INCOMING)),
            outgoing=count(visit & Q(activities__direction=Direction.OUTGOING)),
            hosted=count(visit & Q(activities__direction=Direction.HOSTED)),
            abroad=count(visit & Q(activities__direction=Direction.ABROAD)),
            visit_here_last=Max(started, filter=visit & here),
            visit_there_last=Max(started, filter=visit & there),
            days_here=count(days & here),
            days_there=count(days & there),
            days_here_last=Max(started, filter=days & here),
            days_there_last=Max(started, filter=days & there),
            open_here=count(days & here & unanswered),
            open_there=count(days & there & unanswered),
            open_here_last=Max(started, filter=days & here & unanswered),
            open_there_last=Max(started, filter=days & there & unanswered),
            planned=count(ours & planned_condition(today, via="activities__")),
        )
        .order_by("partner__name", "pk")
    )


def _pairs(authority: Authority) -> dict[int, list[Pair]]:
    """Each partnership's reciprocal pairs, from the partnerships of the first event."""
    links = (
        Activity.partnerships.through.objects.filter(
            partnership__authority=authority,
            activity__authority=authority,
            activity__reciprocal__isnull=False,
        )
        .values_list(
            "partnership_id",
            "activity_id",
            "activity__title",
            "activity__starts_on",
            "activity__date_precision",
            "activity__reciprocal_id",
            "activity__reciprocal__title",
            "activity__reciprocal__starts_on",
            "activity__reciprocal__date_precision",
        )
        .order_by("activity__starts_on", "activity_id")
    )
    pairs: dict[int, list[Pair]] = {}
    for partnership, pk, title, start, precision, a_pk, a_title, a_start, a_precision in links:
        pairs.setdefault(partnership, []).append(
            Pair(
                pk,
                title,
                format_partial(start, precision),
                cast(int, a_pk),  # the query asked for activities with a reciprocal
                a_title,
                format_partial(a_start, a_precision),
            )
        )
    return pairs
