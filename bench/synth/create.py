"""`synth_create`: the scale's synthetic authorities, then their records, whole authorities at a
time, each maker writing what it makes (partnerships, contacts, memberships, activities)."""

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from bench.synth.activities import write_activities
from bench.synth.authorities import make_authorities, make_viewer_roles
from bench.synth.contacts import write_contacts
from bench.synth.delete import synth_delete
from bench.synth.drafts import Context, Draft
from bench.synth.memberships import write_memberships
from bench.synth.partnerships import write_partnerships
from bench.synth.places import partner_pool
from bench.synth.sizes import Scale
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.core.themes import THEMES, themes_ensure

CHUNK_ACTIVITIES = 25_000  # written at a time: bounds the memory, whatever the scale
TOPICS = {code: name.lower() for code, name, _name_tr in THEMES}


class SynthRefused(ValueError):
    pass


@dataclass(frozen=True)
class SynthReport:
    scale: Scale
    authorities: int
    partnerships: int
    activities: int
    contacts: int
    memberships: int
    real_places: bool
    seconds: float

    def __str__(self) -> str:
        scale = self.scale
        places = "real gazetteer places" if self.real_places else "made-up places"
        authorities = (
            f"{self.authorities:,} synthetic authorities (largest {scale.largest_slug}, "
            f"median {scale.median_slug})"
            if self.authorities > 1
            else f"1 synthetic authority ({scale.largest_slug})"
        )
        return (
            f"{scale.name.capitalize()} scale: {authorities} with "
            f"{self.partnerships:,} partnerships, {self.activities:,} activities, "
            f"{self.contacts:,} contacts and {self.memberships:,} memberships, partners on "
            f"{places}, in {self.seconds:.1f} s. Synthetic records have no audit history."
        )


def synth_create(
    *,
    scale: Scale,
    seed: int,
    today: dt.date,
    replace: bool = False,
    viewer: User | None = None,
    progress: Callable[[int], None] = lambda done: None,
    chunk: int = CHUNK_ACTIVITIES,
) -> SynthReport:
    """Create the scale's synthetic authorities and their records, without history.

    Refuses when they exist, unless `replace`, which deletes them first. `viewer` gets a
    viewer role in each. `progress` is called with the number of activities written so far;
    they are written `chunk` at a time (whole authorities), which bounds the memory.
    """
    started = time.perf_counter()
    with transaction.atomic():
        _refuse(scale, replace)
        synth_delete(scale)
        context = _context(scale, seed, today)
        drafts = make_authorities(scale, context)
        if viewer is not None:
            make_viewer_roles(viewer, drafts)
        done = 0
        for drafts_chunk in _chunks(drafts, chunk):
            write_partnerships(drafts_chunk, context)
            write_contacts(drafts_chunk)
            write_memberships(drafts_chunk, context)
            done += write_activities(drafts_chunk, context)
            progress(done)
    return SynthReport(
        scale=scale,
        authorities=len(drafts),
        partnerships=sum(len(d.partners) for d in drafts),
        activities=done,
        contacts=scale.totals.contacts,
        memberships=sum(len(d.organizations) for d in drafts),
        real_places=context.pool.real,
        seconds=time.perf_counter() - started,
    )


def _refuse(scale: Scale, replace: bool) -> None:
    slugs = [scale.slug(rank) for rank in range(1, scale.authorities + 1)]
    real = Authority.objects.filter(slug__in=slugs, synthetic=False).first()
    if real is not None:
        raise SynthRefused(f"{real.slug} is a real authority, not synthetic: it is left alone.")
    if not replace and Authority.objects.filter(scale.lookup(), synthetic=True).exists():
        raise SynthRefused(
            f"The {scale.name} scale's synthetic authorities already exist "
            f"({scale.largest_slug}...): add --replace to delete them and make them again."
        )


def _context(scale: Scale, seed: int, today: dt.date) -> Context:
    themes_ensure(Theme)
    themes = list(Theme.objects.filter(code__in=TOPICS).values_list("pk", "code"))
    return Context(
        today=today,
        pool=partner_pool(max(s.partnerships for s in scale.sizes())),
        themes=[pk for pk, _code in themes],
        topics={pk: TOPICS[code] for pk, code in themes},
        culture=next(pk for pk, code in themes if code == "culture"),
        seed=seed,
    )


def _chunks(drafts: list[Draft], activities: int) -> Iterator[list[Draft]]:
    """Whole authorities, as many as hold about that many activities."""
    chunk: list[Draft] = []
    for draft in drafts:
        chunk.append(draft)
        if sum(d.sizes.activities for d in chunk) >= activities:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
