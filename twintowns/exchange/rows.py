"""Activities with their partners and themes as text, read in bulk for long exports.

Django's prefetch builds a related manager and a queryset per activity and relation, which
is most of the time of an export of 20,000 activities. Two plain queries per chunk of rows,
of names only, do the same work several times faster.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import batched

from django.db.models import QuerySet
from django.utils.translation import get_language

from twintowns.activities.models import Activity

# Rows are read from the database this many at a time, so a list of 20,000 activities is never
# held in memory at once; each chunk costs its two queries of names.
CHUNK = 2000


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    partners: list[str] = field(default_factory=list)  # "Seoul (South Korea)", by name
    themes: list[str] = field(default_factory=list)


def described(activities: Sequence[Activity]) -> list[ActivityRow]:
    """The activities, each with its partners and themes named in the active language."""
    turkish = (get_language() or "").startswith("tr")  # as Country.localized_name and Theme
    ids = [activity.pk for activity in activities]
    partners: defaultdict[int, list[str]] = defaultdict(list)
    links = Activity.partnerships.through.objects.filter(activity_id__in=ids)
    for activity_id, name, country, country_tr in links.order_by(
        "partnership__partner__name"
    ).values_list(
        "activity_id",
        "partnership__partner__name",
        "partnership__partner__country__name",
        "partnership__partner__country__name_tr",
    ):
        partners[activity_id].append(f"{name} ({country_tr if turkish else country})")
    themes: defaultdict[int, list[str]] = defaultdict(list)
    tagged = Activity.themes.through.objects.filter(activity_id__in=ids)
    for activity_id, name, name_tr in tagged.order_by("theme__name").values_list(
        "activity_id", "theme__name", "theme__name_tr"
    ):
        themes[activity_id].append(name_tr if turkish else name)
    return [ActivityRow(a, partners[a.pk], themes[a.pk]) for a in activities]


def streamed(activities: QuerySet[Activity]) -> Iterator[ActivityRow]:
    """The rows of a list of activities, a chunk at a time, without the list's prefetches."""
    # The search key is the longest column and no export shows it.
    rows = activities.prefetch_related(None).defer("search_text").iterator(chunk_size=CHUNK)
    for chunk in batched(rows, CHUNK):
        yield from described(chunk)


def pairs_described(
    pairs: Iterable[tuple[Activity, Activity | None]],
) -> list[tuple[ActivityRow, ActivityRow | None]]:
    pairs = list(pairs)
    rows = {
        row.activity.pk: row
        for row in described([a for pair in pairs for a in pair if a is not None])
    }
    return [(rows[first.pk], rows[answer.pk] if answer else None) for first, answer in pairs]
