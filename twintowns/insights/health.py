"""Partnership health: a score anyone can retrace, made of five parts shown with their inputs.

Every partnership's inputs come from one query (annotations over its activities); the arithmetic
per partnership is the pure function `score`, so tests pin it and the page shows each step.
The formula and the settings are described in README.md ("Partnership health").
"""

import calendar
import datetime as dt
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twintowns.activities.models import Activity, held_condition, planned_condition
from twintowns.authorities import caching
from twintowns.authorities.models import Authority
from twintowns.insights.sides import HERE, THERE
from twintowns.lib.dates import Precision, format_partial
from twintowns.partnerships.models import LifecycleEvent, Partnership, Status

ActivityLink = Activity.partnerships.through

PARTS = ("recency", "frequency", "reciprocity", "breadth", "follow_through")
FLAGGED_STATUSES = (Status.ACTIVE, Status.SIGNED)
DAYS_A_YEAR = 365.25


@dataclass(frozen=True)
class Thresholds:
    """The settings of the score (`TWINTOWNS_HEALTH`), checked at start-up."""

    dormant_years: int = 3
    window_years: int = 5
    expected_per_year: int = 1
    themes_for_full: int = 3
    weights: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 1))

    @classmethod
    def from_settings(cls) -> "Thresholds":
        raw = dict(getattr(settings, "TWINTOWNS_HEALTH", {}))
        weights = {**dict.fromkeys(PARTS, 1), **raw.pop("weights", {})}
        try:
            thresholds = cls(**raw, weights=weights)
        except TypeError as error:
            raise ImproperlyConfigured(f"TWINTOWNS_HEALTH: {error}") from None
        thresholds.check()
        return thresholds

    def check(self) -> None:
        for name in ("dormant_years", "window_years", "expected_per_year", "themes_for_full"):
            if getattr(self, name) < 1:
                raise ImproperlyConfigured(
                    f"TWINTOWNS_HEALTH[{name!r}] is {getattr(self, name)}: it must be 1 or more"
                )
        if unknown := set(self.weights) - set(PARTS):
            raise ImproperlyConfigured(f"TWINTOWNS_HEALTH weights: unknown parts {unknown}")
        if min(self.weights.values()) < 0 or sum(self.weights.values()) == 0:
            raise ImproperlyConfigured("TWINTOWNS_HEALTH weights must be 0 or more, and not all 0")


@dataclass(frozen=True)
class Inputs:
    """What the database says of one partnership. `held` activities are those not merely
    planned (no start, or a start up to today) and, after a resumption, those since it."""

    status: str = Status.ACTIVE
    held: int = 0
    last_day: dt.date | None = None  # the latest start among those known to the day
    last_month: dt.date | None = None  # ... known to the month only (the 1st of that month)
    last_year: dt.date | None = None  # ... known to the year only (1 January of that year)
    in_window: int = 0  # held since 1 January of the window's first year
    here: int = 0  # held here: incoming delegations and events hosted here
    there: int = 0  # held there: outgoing delegations and events abroad
    distinct_themes: int = 0  # distinct themes of the held activities
    with_outcomes: int = 0  # held activities whose outcomes are recorded
    planned: int = 0  # activities that start after today
    signed_on: dt.date | None = None
    resumed_on: dt.date | None = None  # the first active or signed step after the last "ended"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    score: int  # 0 to 100
    weight: int
    inputs: str  # what went in, in words and numbers
    rule: str  # how those inputs become the score

    @property
    def weighted(self) -> int:
        return self.score * self.weight


@dataclass(frozen=True)
class Health:
    total: int  # the weighted mean of the parts' scores, 0 to 100
    parts: list[Part]
    last_activity: dt.date | None  # the latest day the last held activity may have been
    age_years: float | None  # years from that day to today
    dormant: str  # why it is a dormant candidate; empty when it is not
    paper_only: bool  # never any activity held
    planned: int
    resumed_on: dt.date | None

    @property
    def weighted_sum(self) -> int:
        return sum(p.weighted for p in self.parts)

    @property
    def weight_sum(self) -> int:
        return sum(p.weight for p in self.parts)

    @property
    def band(self) -> str:
        """A Bootstrap colour for the total: green from 67, amber from 34, red below."""
        return "success" if self.total >= 67 else "warning" if self.total >= 34 else "danger"


def score(inputs: Inputs, thresholds: Thresholds, today: dt.date) -> Health:
    """The health of one partnership, from its inputs; pure, so each step can be pinned."""
    last = _last_activity(inputs, today)
    # To a tenth of a year, as shown: the score follows from the figures the page prints.
    age = round((today - last[0]).days / DAYS_A_YEAR, 1) if last else None
    parts = [
        _recency(last, age, thresholds),
        _frequency(inputs, thresholds, today),
        _reciprocity(inputs, thresholds),
        _breadth(inputs, thresholds),
        _follow_through(inputs, thresholds),
    ]
    return Health(
        total=_round(sum(p.weighted for p in parts) / sum(p.weight for p in parts)),
        parts=parts,
        last_activity=last[0] if last else None,
        age_years=age,
        dormant=_dormancy(inputs, age, thresholds, today),
        paper_only=inputs.held == 0,
        planned=inputs.planned,
        resumed_on=inputs.resumed_on,
    )


def rules(thresholds: Thresholds, today: dt.date) -> list[Part]:
    """The parts with their rules and weights (and no inputs), to explain the score."""
    return score(Inputs(), thresholds, today).parts


def _round(value: float) -> int:
    """Half up, not to the even number: 62.5 reads as 63 to anyone checking by hand."""
    return int(value + 0.5)


def _last_activity(inputs: Inputs, today: dt.date) -> tuple[dt.date, str, dt.date] | None:
    """(latest day it may have been, precision, recorded start) of the last held activity.

    A date known only to the year counts as 31 December of that year, and one known to the
    month as the month's last day: the record says no more, so the partnership has the
    benefit of the doubt. Never later than today.
    """
    candidates = []
    if inputs.last_day:
        candidates.append((inputs.last_day, Precision.DAY, inputs.last_day))
    if inputs.last_month:
        end = calendar.monthrange(inputs.last_month.year, inputs.last_month.month)[1]
        candidates.append((inputs.last_month.replace(day=end), Precision.MONTH, inputs.last_month))
    if inputs.last_year:
        candidates.append(
            (inputs.last_year.replace(month=12, day=31), Precision.YEAR, inputs.last_year)
        )
    if not candidates:
        return None
    day, precision, start = max(candidates, key=lambda c: c[0])
    return min(day, today), precision, start


def _part(key: str, label: str, score: int, thresholds: Thresholds, inputs: str, rule: str) -> Part:
    return Part(key, label, score, thresholds.weights[key], inputs, rule)


def _recency(
    last: tuple[dt.date, str, dt.date] | None, age: float | None, thresholds: Thresholds
) -> Part:
    years = thresholds.dormant_years
    rule = ngettext(
        "100 within 1 year, 0 at %(years)s year or more, in a straight line between",
        "100 within 1 year, 0 at %(years)s years or more, in a straight line between",
        years,
    ) % {"years": years}
    if last is None or age is None:
        return _part("recency", _("Recency"), 0, thresholds, _("no dated activity"), rule)
    day, precision, start = last
    when = format_partial(start, precision)
    if precision != Precision.DAY:
        when = _("%(when)s, counted as %(day)s") % {
            "when": when,
            "day": formats.date_format(day, "DATE_FORMAT"),
        }
    value = 100 if age <= 1 else 0 if age >= years else _round(100 * (years - age) / (years - 1))
    inputs = _("last activity %(when)s → %(age)s years ago") % {
        "when": when,
        "age": formats.number_format(age, 1),
    }
    return _part("recency", _("Recency"), value, thresholds, inputs, rule)


def _window(inputs: Inputs, thresholds: Thresholds, today: dt.date) -> tuple[int, int]:
    """The window's first year, and how many years of it the partnership had (signed or
    resumed inside the window: only the years since)."""
    first = today.year - thresholds.window_years + 1
    started = max((d for d in (inputs.signed_on, inputs.resumed_on) if d), default=None)
    years_had = today.year - max(first, started.year if started else first) + 1
    return first, max(1, years_had)


def _frequency(inputs: Inputs, thresholds: Thresholds, today: dt.date) -> Part:
    first, years = _window(inputs, thresholds, today)
    expected = years * thresholds.expected_per_year
    value = min(100, _round(100 * inputs.in_window / expected))
    held = ngettext(
        "%(count)s activity in %(first)s–%(last)s",
        "%(count)s activities in %(first)s–%(last)s",
        inputs.in_window,
    ) % {"count": inputs.in_window, "first": first, "last": today.year}
    expecting = ngettext(
        "expected %(expected)s (%(years)s year × %(per)s)",
        "expected %(expected)s (%(years)s years × %(per)s)",
        years,
    ) % {"expected": expected, "years": years, "per": thresholds.expected_per_year}
    rule = _("activities in the window ÷ expected, at most 100")
    return _part("frequency", _("Frequency"), value, thresholds, f"{held}, {expecting}", rule)


def _reciprocity(inputs: Inputs, thresholds: Thresholds) -> Part:
    both = inputs.here + inputs.there
    value = _round(100 * (1 - abs(inputs.here - inputs.there) / both)) if both else 0
    counts = _("%(here)s here, %(there)s there") % {"here": inputs.here, "there": inputs.there}
    rule = _("100 × (1 − |here − there| ÷ (here + there)); 0 with none")
    return _part("reciprocity", _("Reciprocity"), value, thresholds, counts, rule)


def _breadth(inputs: Inputs, thresholds: Thresholds) -> Part:
    full = thresholds.themes_for_full
    value = min(100, _round(100 * inputs.distinct_themes / full))
    counts = ngettext("%(count)s theme", "%(count)s themes", inputs.distinct_themes) % {
        "count": inputs.distinct_themes
    }
    rule = _("distinct themes of the activities ÷ %(full)s, at most 100") % {"full": full}
    return _part("breadth", _("Breadth of themes"), value, thresholds, counts, rule)


def _follow_through(inputs: Inputs, thresholds: Thresholds) -> Part:
    value = _round(100 * inputs.with_outcomes / inputs.held) if inputs.held else 0
    counts = _("outcomes recorded for %(with)s of %(held)s") % {
        "with": inputs.with_outcomes,
        "held": inputs.held,
    }
    rule = _("share of the activities held with outcomes recorded")
    return _part("follow_through", _("Follow-through"), value, thresholds, counts, rule)


def _dormancy(inputs: Inputs, age: float | None, thresholds: Thresholds, today: dt.date) -> str:
    """Why an active or signed partnership is a dormant candidate; empty when it is not.
    One signed or resumed less than `dormant_years` ago has not had the time to be silent."""
    if inputs.status not in FLAGGED_STATUSES:
        return ""
    started = max((d for d in (inputs.signed_on, inputs.resumed_on) if d), default=None)
    if started and (today - started).days / DAYS_A_YEAR < thresholds.dormant_years:
        return ""
    if inputs.held == 0:
        return _("paper only: no activity recorded")
    if age is None:
        return _("no dated activity")
    if age >= thresholds.dormant_years:
        return _("no activity for %(age)s years") % {"age": formats.number_format(age, 1)}
    return ""


# -- Reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    partnership: Partnership
    health: Health


@dataclass(frozen=True)
class HealthReport:
    rows: list[Scored]  # every partnership that has not ended
    ended: list[Partnership]  # not scored, not flagged
    thresholds: Thresholds
    today: dt.date

    @property
    def rules(self) -> list[Part]:
        return rules(self.thresholds, self.today)

    @property
    def dormant(self) -> list[Scored]:
        """Dormant candidates: first those that fell silent (the latest silence first), then
        those never active, by name."""
        flagged = [r for r in self.rows if r.health.dormant]
        return sorted(
            flagged,
            key=lambda r: (
                r.health.paper_only,
                -(r.health.last_activity or dt.date.min).toordinal(),
                r.partnership.partner.name,
            ),
        )

    @property
    def paper_only(self) -> int:
        """Dormant candidates that never had any activity."""
        return sum(1 for r in self.rows if r.health.dormant and r.health.paper_only)


SORTS = {
    "score": lambda r: (r.health.total, r.partnership.partner.name),
    "-score": lambda r: (-r.health.total, r.partnership.partner.name),
    "name": lambda r: (r.partnership.partner.name,),
    "last": lambda r: ((r.health.last_activity or dt.date.min), r.partnership.partner.name),
}


def health_report(
    authority: Authority,
    today: dt.date,
    *,
    thresholds: Thresholds | None = None,
    pk: int | None = None,
    sort: str = "-score",
) -> HealthReport:
    """Every partnership of the authority scored (or the one `pk`), in four queries."""
    thresholds = thresholds or Thresholds.from_settings()
    resumed = resumptions(authority)
    rows, ended = [], []
    for p, inputs in health_inputs(authority, today, thresholds, resumed, pk=pk):
        if p.status == Status.ENDED:
            ended.append(p)
            continue
        rows.append(Scored(p, score(inputs, thresholds, today)))
    rows.sort(key=SORTS.get(sort, SORTS["-score"]))
    return HealthReport(rows=rows, ended=ended, thresholds=thresholds, today=today)


def cached_health_report(authority: Authority) -> HealthReport:
    """`health_report` for today, kept in the cache under the authority's data version (read
    with the request's authority), the day and the settings: the health page and the home
    page's dormant candidates share it."""
    today = timezone.localdate()
    thresholds = Thresholds.from_settings()
    return caching.for_authority(
        authority,
        "health",
        lambda: health_report(authority, today, thresholds=thresholds),
        today,
        zlib.crc32(repr(thresholds).encode()),
    )


def resumptions(authority: Authority) -> dict[int, dt.date]:
    """When each partnership that ended and was resumed resumed: the date of the first active
    or signed step after its last dated "ended" step."""
    last_ended = LifecycleEvent.objects.filter(
        partnership=OuterRef("pk"), status=Status.ENDED, date__isnull=False
    ).order_by("-date")
    resumed = LifecycleEvent.objects.filter(
        partnership=OuterRef("pk"), status__in=FLAGGED_STATUSES, date__gt=OuterRef("last_ended")
    ).order_by("date")
    rows = (
        Partnership.objects.filter(authority=authority, events__status=Status.ENDED)
        .annotate(last_ended=Subquery(last_ended.values("date")[:1]))
        .annotate(resumed_on=Subquery(resumed.values("date")[:1]))
        .filter(resumed_on__isnull=False)
        .values_list("pk", "resumed_on")
        .order_by()
        .distinct()
    )
    return dict(rows)


def health_inputs(
    authority: Authority,
    today: dt.date,
    thresholds: Thresholds,
    resumed: dict[int, dt.date],
    *,
    pk: int | None = None,
) -> list[tuple[Partnership, Inputs]]:
    """The authority's partnerships (or the one `pk`) by partner name, each with its `Inputs`.

    Three queries: the partnerships; the counts and dates of their activities, grouped over
    the activity–partnership links (each link once, so no DISTINCT and no row multiplied by
    themes); and the distinct themes per partnership. Joining partnerships × activities ×
    themes in one query with COUNT(DISTINCT) cost ten times more at 20,000 activities.
    """
    partnerships = (
        Partnership.objects.filter(authority=authority)
        .select_related("partner__country")
        .order_by("partner__name", "pk")
    )
    links = ActivityLink.objects.filter(activity__authority=authority)
    if pk is not None:
        partnerships = partnerships.filter(pk=pk)
        links = links.filter(partnership=pk)
    # A few resumed partnerships, each with its own cutoff: spelt out, so the database does
    # not recompute a resumption date for every activity row.
    since = Q()
    if resumed:
        since = ~Q(partnership__in=list(resumed))
        for resumed_pk, day in resumed.items():
            since |= Q(partnership=resumed_pk, activity__starts_on__gte=day)
    held = since & held_condition(today, via="activity__")
    window_start = dt.date(today.year - thresholds.window_years + 1, 1, 1)

    def count(condition: Q) -> Count:
        return Count("pk", filter=condition)

    def latest(precision: str) -> Max:
        return Max("activity__starts_on", filter=held & Q(activity__date_precision=precision))

    counts = links.values("partnership").annotate(
        held=count(held),
        last_day=latest(Precision.DAY),
        last_month=latest(Precision.MONTH),
        last_year=latest(Precision.YEAR),
        in_window=count(held & Q(activity__starts_on__gte=window_start)),
        here=count(held & Q(activity__direction__in=HERE)),
        there=count(held & Q(activity__direction__in=THERE)),
        with_outcomes=count(held & Q(activity__outcomes__gt="")),
        planned=count(since & planned_condition(today, via="activity__")),
    )
    by_partnership: dict[int, dict[str, Any]] = {
        row["partnership"]: {k: v for k, v in row.items() if k != "partnership"}
        for row in counts.order_by()
    }
    themes = dict(
        links.filter(held, activity__themes__isnull=False)
        .values_list("partnership")
        .annotate(n=Count("activity__themes", distinct=True))
        .order_by()
    )
    return [
        (
            p,
            Inputs(
                **by_partnership.get(p.pk, {}),
                status=p.status,
                signed_on=p.signed_on,
                distinct_themes=themes.get(p.pk, 0),
                resumed_on=resumed.get(p.pk),
            ),
        )
        for p in partnerships
    ]
