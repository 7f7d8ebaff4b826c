"""What the reports say, built once from the apps' selectors and shared by every renderer.

`annual_report` gives the annual presentation's sections (the PPTX and the PDF draw the same
data); `briefing` gives one partnership's briefing pack.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Max, Min
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity, Kind
from twintowns.activities.selectors import (
    Impact,
    activities_of_partnership,
    activity_list,
    conferences,
    culture_days_held_first,
    culture_days_pairs,
    partnership_impact,
)
from twintowns.authorities.models import Authority
from twintowns.insights.health import Health, health_report
from twintowns.insights.sides import HERE
from twintowns.lib.text import capfirst
from twintowns.networks.selectors import organization_list
from twintowns.partnerships.models import Partnership, Status
from twintowns.partnerships.selectors import partnership_detail, partnership_list
from twintowns.places.models import Place
from twintowns.reports.mapimage import Marker, map_png, region

# The seed's sections of activities, in its order; protocol ceremonies count as visits.
ACTIVITY_SECTIONS = [
    ("site_visits", (Kind.SITE_VISIT, Kind.PROTOCOL_CEREMONY)),
    ("technical", (Kind.TECHNICAL_COOPERATION,)),
    ("meetings", (Kind.MEETING,)),
    ("cultural", (Kind.CULTURAL_EVENT,)),
]


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


def _city(authority: Authority, home: Place | None) -> str:
    return home.name if home else authority.localized_name


def _marker(place: Place, label: str = "") -> Marker:
    return Marker(place.latitude, place.longitude, label)


def _in_years(activity: Activity, first: int, last: int) -> bool:
    return activity.starts_on is not None and first <= activity.starts_on.year <= last


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


def _activity_sections(activities: list[Activity]) -> list[Section]:
    titles = {
        "site_visits": _("Site visits"),
        "technical": capfirst(str(Kind.TECHNICAL_COOPERATION.label)),
        "meetings": _("Meetings on specific issues"),
        "cultural": _("Cultural events"),
    }
    header = (_("Date"), _("Activity"), _("Partner or place"), _("Direction"))
    return [
        Section(
            key,
            titles[key],
            header=header,
            rows=[_activity_row(a) for a in activities if a.kind in kinds],
            empty=_("None recorded in these years."),
            widths=(0.2, 0.42, 0.24, 0.14),
        )
        for key, kinds in ACTIVITY_SECTIONS
    ]


def _culture_days(authority: Authority, first: int, last: int) -> Section:
    rows = [
        (
            str(held.starts_on.year) if held.starts_on else "",
            f"{held.title} ({held.when})" if held.when else held.title,
            f"{answer.title} ({answer.when})" if answer and answer.when else "",
        )
        for held, answer in culture_days_pairs(authority)
        if _in_years(held, first, last) or (answer and _in_years(answer, first, last))
    ]
    return Section(
        "culture_days",
        _("Culture days organizations"),
        header=(_("Year"), _("Held"), _("Answered by")),
        rows=rows,
        empty=_("None recorded in these years."),
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


def _conferences(authority: Authority, city: str, first: int, last: int) -> Section:
    hosted = conferences(authority).filter(starts_on__year__gte=first, starts_on__year__lte=last)
    rows = [
        (
            str(c.starts_on.year) if c.starts_on else "",
            c.title,
            str(c.organization) if c.organization else "",
        )
        for c in hosted
    ]
    return Section(
        "conferences",
        _("International conferences in %(city)s") % {"city": city},
        header=(_("Year"), _("Conference"), _("Organization")),
        rows=rows,
        empty=_("None recorded in these years."),
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


def annual_report(authority: Authority, first_year: int, last_year: int) -> AnnualReport:
    """The annual presentation's sections for the years chosen, in the seed's order."""
    home = authority.place
    city = _city(authority, home)
    partnerships = [
        p
        for p in partnership_list(authority)
        if p.status != Status.ENDED and not (p.signed_on and p.signed_on.year > last_year)
    ]
    activities = list(
        activity_list(authority)
        .filter(starts_on__year__gte=first_year, starts_on__year__lte=last_year)
        .order_by("starts_on", "pk")
    )
    sections = [
        _brief(authority, city),
        _relations(authority, partnerships),
        *_activity_sections(activities),
        _culture_days(authority, first_year, last_year),
        _organizations(authority, last_year),
        _conferences(authority, city, first_year, last_year),
        _contact(authority),
    ]
    picture = map_png(
        _marker(home, city) if home else None, [_marker(p.partner) for p in partnerships]
    )
    return AnnualReport(authority, first_year, last_year, sections, picture)


# -- The briefing pack --------------------------------------------------------------------


@dataclass(frozen=True)
class Briefing:
    authority: Authority
    partnership: Partnership
    today: dt.date
    here: list[Activity]  # visits and events at home: incoming delegations, hosted here
    there: list[Activity]  # at the partner's or abroad
    culture_days: list[Activity]
    planned: list[Activity]  # open follow-ups: activities agreed and not yet held
    unanswered: list[Activity]  # culture days still waiting for the other side's answer
    best_practices: list[Activity]
    impact: Impact
    health: Health | None  # None for an ended partnership, which is not scored
    map_png: bytes

    @property
    def sides(self) -> list[tuple[str, list[Activity]]]:
        return [
            (_("Here: delegations received and events we hosted"), self.here),
            (_("There: our delegations and events abroad"), self.there),
        ]


def briefing(authority: Authority, pk: int, today: dt.date) -> Briefing | None:
    """One partnership's briefing pack, or None when the authority has no such partnership."""
    partnership = partnership_detail(authority, pk).first()
    if partnership is None:
        return None
    activities = activities_of_partnership(partnership)
    held = [a for a in activities if a.starts_on is None or a.starts_on <= today]
    days = [a for a in held if a.kind == Kind.CULTURE_DAYS]
    # Culture days with this partner still waiting for the other city's answer.
    waiting = list(
        culture_days_held_first(authority).filter(partnerships=pk, reciprocal__isnull=True)
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
        here=[a for a in held if a.direction in HERE and a.kind != Kind.CULTURE_DAYS],
        there=[a for a in held if a.direction not in HERE and a.kind != Kind.CULTURE_DAYS],
        culture_days=days,
        planned=[a for a in activities if a.starts_on and a.starts_on > today][::-1],
        unanswered=waiting,
        best_practices=[a for a in activities if a.is_best_practice],
        impact=partnership_impact(partnership),
        health=report.rows[0].health if report.rows else None,
        map_png=map_png(home_marker, [partner], region(list(markers))),
    )
