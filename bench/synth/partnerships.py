"""Partnerships with their lifecycle steps and themes, and which partners are busy."""

import datetime as dt
import random
from itertools import accumulate

from bench.synth.drafts import SOURCES, Context, Draft, Partner
from bench.synth.draws import PRECISIONS, Weighted, between, recent
from bench.synth.places import PlaceRow
from bench.synth.writer import Row, give_ids, insert, insert_values
from twintowns.lib.dates import Precision, truncate
from twintowns.partnerships.models import Kind, LifecycleEvent, Partnership, Status

PARTNERSHIP_KINDS = Weighted(
    {
        Kind.SISTER_CITY: 45,
        Kind.PARTNER_CITY: 25,
        Kind.FRIENDSHIP: 15,
        Kind.COOPERATION: 15,
    }
)
STATUSES = Weighted(
    {
        Status.ACTIVE: 58,
        Status.DORMANT: 16,
        Status.ENDED: 8,
        Status.SIGNED: 6,
        Status.APPROVED: 6,
        Status.PROPOSED: 6,
    }
)
# The steps each status was reached by, in order.
LIFECYCLES = {
    Status.PROPOSED: [Status.PROPOSED],
    Status.APPROVED: [Status.PROPOSED, Status.APPROVED],
    Status.SIGNED: [Status.PROPOSED, Status.APPROVED, Status.SIGNED],
    Status.ACTIVE: [Status.PROPOSED, Status.APPROVED, Status.SIGNED, Status.ACTIVE],
    Status.DORMANT: [Status.PROPOSED, Status.SIGNED, Status.ACTIVE, Status.DORMANT],
    Status.ENDED: [Status.PROPOSED, Status.SIGNED, Status.ACTIVE, Status.ENDED],
}


def write_partnerships(chunk: list[Draft], context: Context) -> None:
    """Each authority's partnerships, with their steps and themes; then weigh its partners."""
    made = [
        (draft, *_partnership(draft, place, context))
        for draft in chunk
        for place in context.pool.draw(draft.rng, draft.sizes.partnerships, seat=draft.seat.pk)
    ]
    partnerships = [row for _draft, row, _steps, _partner in made]
    give_ids(partnerships, Partnership)
    events, themes = [], []
    for draft, row, steps, partner in made:
        partner = partner._replace(pk=row["id"])
        events += [{"partnership_id": partner.pk, **step} for step in steps]
        themes += [(partner.pk, theme) for theme in partner.themes]
        draft.partners.append(partner)
    for draft in chunk:
        _weigh_partners(draft)
    insert(Partnership, partnerships)
    insert(LifecycleEvent, events)
    links = Partnership.themes.through._meta.db_table
    insert_values(links, ["partnership_id", "theme_id"], themes)


def _weigh_partners(draft: Draft) -> None:
    """Some partners busy, some quiet: contacts and activities draw the busy ones more often."""
    weights = (draft.rng.lognormvariate(0, 1) for _ in draft.partners)
    draft.partner_weights = list(accumulate(weights))


def _partnership(draft: Draft, place: PlaceRow, context: Context) -> tuple[Row, list[Row], Partner]:
    """A partnership, its lifecycle steps, and what its activities need to know of it."""
    rng, today = draft.rng, context.today
    status = STATUSES.pick(rng)
    steps = _lifecycle(rng, status, today)
    dates: dict[str, dt.date | None] = {step["status"]: step["date"] for step in steps}
    signed, approved = dates.get(Status.SIGNED), dates.get(Status.APPROVED)
    precision = PRECISIONS.pick(rng) if signed else Precision.DAY
    council = approved if approved and rng.random() < 0.6 else None
    ministry = between(rng, approved or signed, signed) if signed and rng.random() < 0.4 else None
    row = {
        "authority_id": draft.pk,
        "partner_id": place.pk,
        "kind": PARTNERSHIP_KINDS.pick(rng),
        "status": status,
        "signed_on": truncate(signed, precision) if signed else None,
        "signed_precision": precision,
        "council_decision_number": f"{council.year}/{rng.randint(1, 999)}" if council else "",
        "council_decision_date": council,
        "ministry_approval_number": str(rng.randint(10_000, 99_999)) if ministry else "",
        "ministry_approval_date": ministry,
        "sources": SOURCES,
    }
    themes = tuple(rng.sample(context.themes, rng.choice([1, 1, 2, 2, 3])))
    first, last = _window(steps, today)
    return row, steps, Partner(0, place.name, place.pk, first, last, themes)


def _lifecycle(rng: random.Random, status: Status, today: dt.date) -> list[Row]:
    """The dated steps that led to `status`: proposal, approval, signing, then what followed."""
    if status in (Status.PROPOSED, Status.APPROVED):
        day = between(rng, today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=30))
    else:
        day = recent(rng, dt.date(1965, 1, 1), today - dt.timedelta(days=3 * 365))
    days: list[tuple[Status, dt.date]] = []
    for step in LIFECYCLES[status]:
        if days:
            gap = rng.randrange(365, 8 * 365) if step in (Status.DORMANT, Status.ENDED) else 0
            day = min(day + dt.timedelta(days=gap or rng.randrange(30, 400)), today)
        days.append((step, day))
    if status == Status.ACTIVE and rng.random() < 0.05:  # ended, then resumed
        ended = min(day + dt.timedelta(days=rng.randrange(365, 6 * 365)), today)
        days += [(Status.ENDED, ended), (Status.ACTIVE, between(rng, ended, today))]
    undated = status not in (Status.PROPOSED, Status.APPROVED) and rng.random() < 0.04
    return [{"status": step, "date": None if undated else day} for step, day in days]


def _window(steps: list[Row], today: dt.date) -> tuple[dt.date, dt.date]:
    """When its activities fall: from a year before the proposal to the end, or a year ahead."""
    first = (steps[0]["date"] or dt.date(1990, 1, 1)) - dt.timedelta(days=365)
    status, date = steps[-1]["status"], steps[-1]["date"]
    if status == Status.DORMANT and date:
        last = date - dt.timedelta(days=365)  # quiet for a while before it was called dormant
    elif status == Status.ENDED and date:
        last = date
    else:
        last = today + dt.timedelta(days=365)  # some are planned
    return first, max(first, last)
