"""What the reports say, built once from the apps' selectors and shared by every renderer.

`annual_report` gives the annual presentation's sections (the PPTX and the PDF draw the same
data); `briefing` gives one partnership's briefing pack.

Both are read by a mayor, not searched: a long list shows a bounded number of rows and says
how many there are in all, pointing to the register and its exports for the rest. Counts come
from the database and only the rows shown are fetched, so neither document grows with the
number of activities.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity, Kind, held_condition, planned_condition
from twintowns.activities.selectors import (
    Impact,
    activity_list,
    conferences,
    culture_days_held_first,
    partnership_impact,
)
from twintowns.authorities.models import Authority
from twintowns.insights.health import Health, health_report
from twintowns.insights.sides import HERE
from twintowns.lib.text import capfirst
from twintowns.networks.selectors import organization_list
from twintowns.partnerships.models import Partnership, Status
from twintowns.partnerships.selectors import partnership_detail
from twintowns.places.models import Place
from twintowns.reports.mapimage import Marker, map_png, region

# The seed's sections of activities, in its order; protocol ceremonies count as visits.
ACTIVITY_SECTIONS = [
    ("site_visits", (Kind.SITE_VISIT, Kind.PROTOCOL_CEREMONY)),
    ("technical", (Kind.TECHNICAL_COOPERATION,)),
    ("meetings", (Kind.MEETING,)),
    ("cultural", (Kind.CULTURAL_EVENT,)),
]

# The most rows an annual section of activities, culture days or conferences lists: about
# three slides of activities. A busy year has a thousand site visits; nobody presents them
# all. The seed's longest section, every year of its conferences, has 15.
ANNUAL_LISTED = 20
# The most rows each list of the briefing pack shows.
BRIEFING_LISTED = 25


def _picked(
    activities: QuerySet[Activity], limit: int, best_first: bool = True
) -> QuerySet[Activity, int]:
    """The `limit` activities a long list shows, as a subquery of their keys: the best
    practices first (unless not `best_first`), then the latest. The caller shows them in its
    own order."""
    latest = (F("starts_on").desc(nulls_last=True), "-pk")
    order = ("-is_best_practice", *latest) if best_first else latest
    return activities.order_by(*order).values_list("pk", flat=True)[:limit]


@dataclass(frozen=True)
class Section:
    """One section of the annual report: points, then a table; either may be empty."""

    key: str
    title: str
    points: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    rows: Sequence[tuple[str, ...]] = ()
    empty: str = ""  # said when there are neither points nor rows
    lead: str = ""  # one line above the content, e.g. the partner count
    has_map: bool = False
    widths: tuple[float, ...] = ()  # the columns' shares of the width; even when not given


@dataclass(frozen=True)
class AnnualReport:
    authority: Authority
    first_year: int
    last_year: int
    sections: list[Section]
    map_png: bytes

    @property
    def years(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def data_years(authority: Authority) -> tuple[int, int] | None:
    """The first and last year with a dated activity, if any."""
    span = activity_list(authority).aggregate(first=Min("starts_on"), last=Max("starts_on"))
    return (span["first"].year, span["last"].year) if span["first"] else None


def _capped_lead(total: int, listed: int, register: str) -> str:
    """What a section says when it lists only some of its rows; nothing when it lists all."""
    if total <= listed:
        return ""
    return _(
        "%(total)s recorded in these years; the %(listed)s listed here are the best practices "
        "first, then the latest. For the whole list, download the %(register)s list as XLSX."
    ) % {"total": intcomma(total), "listed": listed, "register": register}


def _city(authority: Authority, home: Place | None) -> str:
    return home.name if home else authority.localized_name


def _marker(place: Place, label: str = "") -> Marker:
    return Marker(place.latitude, place.longitude, label)


def _partners(activity: Activity) -> str:
    return ", ".join(p.partner.name for p in activity.partnerships.all())


def _activity_row(activity: Activity) -> tuple[str, ...]:
    where = activity.place.name if activity.place else ""
    return (
        activity.when,
        activity.title,
        _partners(activity) or where,
        capfirst(activity.get_direction_display()),
    )


def _brief(authority: Authority, city: str) -> Section:
    facts: list[tuple[str, Any, Callable[[Any], str]]] = [
        (_("Population"), authority.population, intcomma),
        (_("Area"), authority.area_km2, lambda v: f"{intcomma(v)} km²"),
        (_("Districts"), authority.districts, str),
        (_("University students"), authority.students, intcomma),
        (
            _("Green area per capita"),
            authority.green_area_per_capita_m2,
            lambda v: f"{formats.number_format(v)} m²",
        ),
    ]
    points = [f"{label}: {show(value)}" for label, value, show in facts if value is not None]
    points += authority.lines("highlights")
    lead = (
        _("Facts as of %(year)s") % {"year": authority.facts_year} if authority.facts_year else ""
    )
    return Section(
        "brief",
        _("Brief information of %(city)s") % {"city": city},
        points=points,
        lead=lead,
    )


def _relations(authority: Authority, partnerships: list[Partnership]) -> Section:
    rows = [
        (
            p.partner.name,
            p.partner.country.localized_name,
            capfirst(p.get_kind_display()),
            p.signed_label,
        )
        for p in partnerships
    ]
    return Section(
        "partnerships",
        _("Sister city relations and partnerships"),
        points=authority.lines("partnership_aims"),
        header=(_("City"), _("Country"), _("Kind"), _("Signed")),
        rows=rows,
        lead=_("Sister and partner cities: %(count)s") % {"count": len(partnerships)},
        empty=_("No partnership recorded."),
        has_map=True,
        widths=(0.28, 0.32, 0.22, 0.18),
    )


def _planned_lead(planned: int) -> str:
    """What a section says of the activities of its years still to come, which it leaves out."""
    if not planned:
        return ""
    return ngettext(
        "%(count)s more is planned in these years; it is listed once held.",
        "%(count)s more are planned in these years; they are listed once held.",
        planned,
    ) % {"count": intcomma(planned)}


def _leads(*leads: str) -> str:
    return " ".join(lead for lead in leads if lead)


def _activity_sections(
    authority: Authority, first: int, last: int, today: dt.date
) -> list[Section]:
    """A section per kind of activity, each with its count and at most ANNUAL_LISTED rows of
    those held by `today`, in date order; the rows of all four in one query."""
    all_in_years = Activity.objects.filter(
        authority=authority, starts_on__year__gte=first, starts_on__year__lte=last
    )
    in_years = all_in_years.filter(held_condition(today))
    counts = {
        kind: (held, planned)
        for kind, held, planned in all_in_years.order_by()
        .values_list("kind")
        .annotate(
            held=Count("pk", filter=held_condition(today)),
            planned=Count("pk", filter=planned_condition(today)),
        )
    }
    picked = Q()
    for _key, kinds in ACTIVITY_SECTIONS:
        picked |= Q(pk__in=_picked(in_years.filter(kind__in=kinds), ANNUAL_LISTED))
    activities = list(
        in_years.filter(picked)
        .select_related("place")
        .prefetch_related("partnerships__partner")
        .order_by("starts_on", "pk")
    )
    titles = {
        "site_visits": _("Site visits"),
        "technical": capfirst(str(Kind.TECHNICAL_COOPERATION.label)),
        "meetings": _("Meetings on specific issues"),
        "cultural": _("Cultural events"),
    }
    header = (_("Date"), _("Activity"), _("Partner or place"), _("Direction"))
    sections = []
    for key, kinds in ACTIVITY_SECTIONS:
        rows = [_activity_row(a) for a in activities if a.kind in kinds]
        total = sum(counts.get(kind, (0, 0))[0] for kind in kinds)
        planned = sum(counts.get(kind, (0, 0))[1] for kind in kinds)
        sections.append(
            Section(
                key,
                titles[key],
                header=header,
                rows=rows,
                empty=_("None recorded in these years."),
                lead=_leads(
                    _capped_lead(total, len(rows), _("Activities")), _planned_lead(planned)
                ),
                widths=(0.2, 0.42, 0.24, 0.14),
            )
        )
    return sections


def _culture_days(authority: Authority, first: int, last: int, today: dt.date) -> Section:
    """The culture days held (by `today`), or answered, in these years, each beside its
    answer."""
    days = culture_days_held_first(authority).filter(
        held_condition(today),
        Q(starts_on__year__gte=first, starts_on__year__lte=last)
        | Q(reciprocal__starts_on__year__gte=first, reciprocal__starts_on__year__lte=last),
    )
    rows = []
    for held in days.filter(pk__in=_picked(days, ANNUAL_LISTED)):
        answer = held.reciprocal
        rows.append(
            (
                str(held.starts_on.year) if held.starts_on else "",
                f"{held.title} ({held.when})" if held.when else held.title,
                f"{answer.title} ({answer.when})" if answer and answer.when else "",
            )
        )
    return Section(
        "culture_days",
        _("Culture days organizations"),
        header=(_("Year"), _("Held"), _("Answered by")),
        rows=rows,
        empty=_("None recorded in these years."),
        lead=_capped_lead(days.count(), len(rows), _("Culture days")),
        widths=(0.1, 0.45, 0.45),
    )


def _organizations(authority: Authority, last: int) -> Section:
    rows = []
    for organization in organization_list(authority):
        memberships = [
            m
            for m in organization.memberships.all()
            if m.since_year is None or m.since_year <= last
        ]
        if memberships:
            m = memberships[0]
            since = str(m.since_year) if m.since_year else ""
            rows.append((str(organization), capfirst(m.get_role_display()), since))
    return Section(
        "organizations",
        _("International organizations"),
        points=authority.lines("network_aims"),
        header=(_("Organization"), _("Role"), _("Member since")),
        rows=rows,
        empty=_("No membership recorded."),
        widths=(0.6, 0.24, 0.16),
    )


def _conferences(authority: Authority, city: str, first: int, last: int, today: dt.date) -> Section:
    hosted = conferences(authority).filter(
        held_condition(today), starts_on__year__gte=first, starts_on__year__lte=last
    )
    rows = [
        (
            str(c.starts_on.year) if c.starts_on else "",
            c.title,
            str(c.organization) if c.organization else "",
        )
        for c in hosted.filter(pk__in=_picked(hosted, ANNUAL_LISTED))
    ]
    return Section(
        "conferences",
        _("International conferences in %(city)s") % {"city": city},
        header=(_("Year"), _("Conference"), _("Organization")),
        rows=rows,
        empty=_("None recorded in these years."),
        lead=_capped_lead(hosted.count(), len(rows), _("Conferences")),
        widths=(0.1, 0.6, 0.3),
    )


def _contact(authority: Authority) -> Section:
    turkish = (get_language() or "").startswith("tr")
    lines = [
        (turkish and authority.office_name_tr) or authority.office_name,
        *authority.lines("address"),
        *([_("Phone: %(phone)s") % {"phone": authority.phone}] if authority.phone else []),
        *([_("Fax: %(fax)s") % {"fax": authority.fax}] if authority.fax else []),
        *([_("E-mail: %(email)s") % {"email": authority.email}] if authority.email else []),
        authority.website,
    ]
    return Section(
        "contact",
        _("Contact"),
        points=[line for line in lines if line],
        lead=_("Thank you for your attention"),
    )


def annual_report(
    authority: Authority, first_year: int, last_year: int, today: dt.date | None = None
) -> AnnualReport:
    """The annual presentation's sections for the years chosen, in the seed's order: the
    registers (partners, organizations) whole, the lists of activities ANNUAL_LISTED long.
    Activities are those held by `today`; a section says how many more are planned."""
    today = today or timezone.localdate()
    home = authority.place
    city = _city(authority, home)
    # Not `partnership_list`: its per-partner activity counts are not shown here.
    partnerships = list(
        Partnership.objects.for_authority(authority)
        .exclude(status=Status.ENDED)
        .exclude(signed_on__year__gt=last_year)
        .select_related("partner__country")
        .order_by("partner__name")
    )
    sections = [
        _brief(authority, city),
        _relations(authority, partnerships),
        *_activity_sections(authority, first_year, last_year, today),
        _culture_days(authority, first_year, last_year, today),
        _organizations(authority, last_year),
        _conferences(authority, city, first_year, last_year, today),
        _contact(authority),
    ]
    picture = map_png(
        _marker(home, city) if home else None, [_marker(p.partner) for p in partnerships]
    )
    return AnnualReport(authority, first_year, last_year, sections, picture)


# -- The briefing pack --------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """The rows a list of the briefing pack shows, how many it has in all, and, when some are
    left out, the line that says so."""

    rows: list[Activity]
    total: int
    note: str = ""


def _listed(activities: QuerySet[Activity], total: int, note: str) -> Listed:
    """The first BRIEFING_LISTED of `activities`, in their order; `note` (with %(listed)s and
    %(total)s) is said only when there are more."""
    rows = list(activities[:BRIEFING_LISTED])
    if total <= len(rows):
        return Listed(rows, total)
    return Listed(rows, total, note % {"listed": len(rows), "total": intcomma(total)})


@dataclass(frozen=True)
class Briefing:
    authority: Authority
    partnership: Partnership
    today: dt.date
    here: Listed  # visits and events at home: incoming delegations, hosted here
    there: Listed  # at the partner's or abroad
    culture_days: Listed
    planned: Listed  # open follow-ups: activities agreed and not yet held, the next first
    unanswered: Listed  # culture days still waiting for the other side's answer
    best_practices: Listed
    impact: Impact
    health: Health | None  # None for an ended partnership, which is not scored
    map_png: bytes

    @property
    def sides(self) -> list[tuple[str, Listed]]:
        return [
            (_("Here: delegations received and events we hosted"), self.here),
            (_("There: our delegations and events abroad"), self.there),
        ]


def briefing(authority: Authority, pk: int, today: dt.date) -> Briefing | None:
    """One partnership's briefing pack, or None when the authority has no such partnership.

    Each list shows its latest (planned: its next) BRIEFING_LISTED activities and says how
    many there are; the partner's lists are counted in one query. Health and impact are
    measured over every activity held by `today`."""
    partnership = partnership_detail(authority, pk).first()
    if partnership is None:
        return None
    activities = partnership.activities.order_by(F("starts_on").desc(nulls_last=True), "-pk")
    held = held_condition(today)
    days = Q(kind=Kind.CULTURE_DAYS)
    lists = {
        "here": held & Q(direction__in=HERE) & ~days,
        "there": held & ~Q(direction__in=HERE) & ~days,
        "culture_days": held & days,
        "planned": planned_condition(today),
        "best_practices": Q(is_best_practice=True),
    }
    totals = activities.aggregate(**{name: Count("pk", filter=q) for name, q in lists.items()})
    latest = _(
        "The latest %(listed)s of %(total)s are listed here; the partner's page has them all."
    )

    def listed(name: str, note: str = latest) -> Listed:
        return _listed(activities.filter(lists[name]), totals[name], note)

    # Culture days with this partner still waiting for the other city's answer, oldest first.
    # Their keys from the partner's activities: joined to the partner instead, SQLite starts
    # from every activity with no reciprocal (the whole authority's) and takes 30 times longer.
    waiting = culture_days_held_first(authority).filter(
        pk__in=partnership.activities.values("pk"), reciprocal__isnull=True
    )
    report = health_report(authority, today, pk=pk)
    home = authority.place
    partner = _marker(partnership.partner, partnership.partner.name)
    home_marker = _marker(home, home.name) if home else None
    markers: Iterable[Marker] = [partner, *([home_marker] if home_marker else [])]
    return Briefing(
        authority=authority,
        partnership=partnership,
        today=today,
        here=listed("here"),
        there=listed("there"),
        culture_days=listed("culture_days"),
        planned=_listed(
            activities.filter(lists["planned"]).order_by("starts_on", "pk"),
            totals["planned"],
            _("The next %(listed)s of %(total)s are listed here; the partner's page has them all."),
        ),
        unanswered=_listed(
            waiting.filter(pk__in=_picked(waiting, BRIEFING_LISTED, best_first=False)),
            waiting.count(),
            _(
                "The latest %(listed)s of %(total)s culture days waiting for an answer are "
                "listed here; the Culture days page has them all."
            ),
        ),
        best_practices=listed("best_practices"),
        impact=partnership_impact(partnership, today),
        health=report.rows[0].health if report.rows else None,
        map_png=map_png(home_marker, [partner], region(list(markers))),
    )
