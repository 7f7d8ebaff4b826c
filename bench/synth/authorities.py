"""The synthetic authorities themselves: seated at home, named so in both languages."""

import random

from django.contrib.auth.models import User

from bench.synth.drafts import SOURCES, Context, Draft
from bench.synth.places import seats
from bench.synth.sizes import Scale
from bench.synth.writer import BATCH_SIZE
from twintowns.authorities.models import Authority, Role, StaffRole


def make_authorities(scale: Scale, context: Context) -> list[Draft]:
    """The scale's authorities, largest first, each with the draft its records are written in."""
    sizes = scale.sizes()
    places = seats(len(sizes))
    authorities = [
        Authority(
            slug=scale.slug(rank),
            name=f"{seat.name} (synthetic)",
            name_tr=f"{seat.name} (sentetik)",
            synthetic=True,
            place_id=seat.pk,
            population=seat.population or None,
            facts_year=context.today.year,
            sister_cities_stated=size.partnerships,
            office_name="Foreign Relations Department",
            office_name_tr="Dış İlişkiler Dairesi Başkanlığı",
            email=f"international@{scale.slug(rank)}.example.org",
            introduction=SOURCES,
        )
        for rank, (size, seat) in enumerate(zip(sizes, places, strict=True), start=1)
    ]
    Authority.objects.bulk_create(authorities, batch_size=BATCH_SIZE)
    return [
        Draft(a.pk, size, seat, random.Random(f"{context.seed}:{a.slug}"))
        for a, size, seat in zip(authorities, sizes, places, strict=True)
    ]


def make_viewer_roles(viewer: User, drafts: list[Draft]) -> None:
    """A viewer role in each authority, to see them in the office pages."""
    roles = [StaffRole(user=viewer, authority_id=d.pk, role=Role.VIEWER) for d in drafts]
    StaffRole.objects.bulk_create(roles, batch_size=BATCH_SIZE)
