"""Synthetic data to measure speed at scale (`twintowns synth --scale metro|national`).

Made-up records, random but repeatable (a seed), in authorities of their own that are marked
`synthetic=True` and named so in both languages ("Bursa (synthetic)", "Bursa (sentetik)");
every partnership's sources say so too. They never touch the demo authority nor any
authority that is not synthetic. Written in bulk (COPY on PostgreSQL, one prepared INSERT run
many times on SQLite) in chunks of about 25,000 activities, all in one transaction, without
model instances or signals: so synthetic records have no audit history (no history rows) and
skip the services' checks. National scale takes one to three minutes on two cores, under
200 MB of memory.

Scales (the presets `METRO` and `NATIONAL`):

- metro: one authority, `synth-metro`: 300 partnerships, 20,000 activities, 2,000 contacts,
  30 memberships, each in an organization of its own.
- national: 1,400 authorities, `synth-0001` ... `synth-1400`, largest first: 30,000
  partnerships, 500,000 activities, 60,000 contacts (two per partnership, each authority's
  share in proportion to its partnerships) and 7,000 memberships (five per authority on
  average, from 30 down to 1) in organizations drawn from a catalogue of 300 international
  networks, the popular ones more often. Organizations are recorded per authority in this
  model, so each membership comes with its authority's own organization: 7,000 of them.

National sizes follow a Zipf-Mandelbrot law, size(rank) = 1 + c / (rank + q)², with q chosen
so that `synth-0001` is metro-sized (300 partnerships, 20,000 activities, 30 memberships) and c
so that the sizes sum exactly to the totals (`skewed_sizes`). The thirty largest (a country's
metropolitan municipalities) hold a quarter of the partnerships and half of the activities;
half of the authorities have 6 partnerships or fewer. `synth-0700` is the median authority
(6 partnerships, 25 activities, 12 contacts, 3 memberships); `LARGEST_SLUG` and `MEDIAN_SLUG`
name the largest and the median authority of each scale.

Places: partners are real gazetteer places when the gazetteer is loaded (abroad, a city of a
million ten times as likely as one of 10,000, never twice in one authority, never its seat);
seats are Turkish places by population (the most populous seat goes to `synth-0001`), leaving
out the seats of real authorities. Without the gazetteer (as in tests) both are made-up
places in made-up countries (ISO's user-assigned codes AA and QM-QZ), created once and reused.

`--replace` first deletes the scale's synthetic authorities and all their records, with one
SQL DELETE a table (again without history; see `delete`).

One module per thing made, each a small function over a chunk of authorities (`drafts`: what
it has so far, its own random stream): `authorities`, `partnerships` (with their lifecycle and
themes), `contacts`, `memberships` (with their organizations), `activities`; `places` draws
partners and seats, `writer` puts rows in the database, `delete` takes them out, and `create`
runs them in order.
"""

from bench.synth.create import SynthRefused, SynthReport, synth_create
from bench.synth.delete import synth_delete
from bench.synth.sizes import (
    LARGEST_SLUG,
    MEDIAN_SLUG,
    METRO,
    NATIONAL,
    SCALES,
    Scale,
    Sizes,
    apportion,
    skewed_sizes,
)

__all__ = [
    "LARGEST_SLUG",
    "MEDIAN_SLUG",
    "METRO",
    "NATIONAL",
    "SCALES",
    "Scale",
    "Sizes",
    "SynthRefused",
    "SynthReport",
    "apportion",
    "skewed_sizes",
    "synth_create",
    "synth_delete",
]
