"""The lists of the office as spreadsheets: one table of columns per list, for CSV and XLSX.

A column is a header and a function of one row; the rows come from the list page's own
selector, so an export holds exactly what the page shows with the same filters.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twintowns.activities.models import IMPACT_FIELDS, Activity, Direction, Kind
from twintowns.core.forms import lazy_capfirst
from twintowns.exchange.rows import ActivityRow
from twintowns.exchange.writers import Cell, Column, Table
from twintowns.lib.dates import Precision, iso_partial
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Kind as PartnershipKind
from twintowns.partnerships.models import Partnership, Status


def partial_date(day: dt.date | None, precision: str) -> Cell:
    """A date as far as it is known: a day as a date (a spreadsheet's date cell), a month or a
    year as ISO 8601 text, "2015-10" or "2015"."""
    if day is not None and precision not in (Precision.MONTH, Precision.YEAR):
        return day
    return iso_partial(day, precision)


def joined(values: Iterable[object]) -> str:
    return "; ".join(str(value) for value in values)


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


def _partnership_themes(partnership: Partnership) -> str:
    return joined(partnership.themes.all())


def choice_label(choices: type[TextChoices]) -> Callable[[str], str]:
    """A value's label in the active language, each looked up once per language.

    `get_FOO_display` hashes every choice on each call: a tenth of a long export's time.
    """
    cache: dict[tuple[str | None, str], str] = {}

    def label(value: str) -> str:
        key = (get_language(), value)
        if key not in cache:
            cache[key] = str(choices(value).label)
        return cache[key]

    return label


kind_label = choice_label(Kind)
direction_label = choice_label(Direction)
partnership_kind_label = choice_label(PartnershipKind)
status_label = choice_label(Status)


def _place(row: ActivityRow) -> str:
    place = row.activity.place
    return place.name if place else ""


def _country(row: ActivityRow) -> str:
    place = row.activity.place
    return place.country.localized_name if place else ""


def _organization(row: ActivityRow) -> str:
    organization = row.activity.organization
    return str(organization) if organization else ""


def _figure(name: str) -> Column[ActivityRow]:
    header = lazy_capfirst(Activity._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    return Column(header, lambda row: getattr(row.activity, name))


def _start(row: ActivityRow) -> Cell:
    return partial_date(row.activity.starts_on, row.activity.date_precision)


def _end(row: ActivityRow) -> Cell:
    return partial_date(row.activity.ends_on, row.activity.date_precision)


def _last_activity_year(partnership: Partnership) -> int | None:
    last: dt.date | None = getattr(partnership, "last_activity", None)  # an annotation
    return last.year if last else None


START = Column(_("Start"), _start)
END = Column(_("End"), _end)
TITLE: Column[ActivityRow] = Column(_("Title"), lambda row: row.activity.title, width=40)
KIND: Column[ActivityRow] = Column(_("Kind"), lambda row: kind_label(row.activity.kind))
DIRECTION: Column[ActivityRow] = Column(
    _("Direction"), lambda row: direction_label(row.activity.direction)
)
PARTNERS_COLUMN: Column[ActivityRow] = Column(
    _("Partners"), lambda row: joined(row.partners), width=30
)
THEMES: Column[ActivityRow] = Column(_("Themes"), lambda row: joined(row.themes), width=30)
PLACE = Column(_("Place"), _place)
COUNTRY = Column(_("Country"), _country)
ORGANIZATION = Column(_("Organization"), _organization, width=24)
OUTCOMES: Column[ActivityRow] = Column(_("Outcomes"), lambda row: row.activity.outcomes, width=40)
PARTICIPANTS: Column[ActivityRow] = Column(_("Participants"), lambda row: row.activity.participants)


PARTNERS: Table[Partnership] = Table(
    "partners",
    _("Partners"),
    (
        Column(_("City"), lambda p: p.partner.name, width=20),
        Column(_("Country"), lambda p: p.partner.country.localized_name, width=18),
        Column(_("Continent"), lambda p: p.partner.country.get_continent_display()),
        Column(_("Kind"), lambda p: partnership_kind_label(p.kind)),
        Column(_("Status"), lambda p: status_label(p.status)),
        Column(_("Signed"), lambda p: partial_date(p.signed_on, p.signed_precision)),
        Column(_("Council decision no."), lambda p: p.council_decision_number),
        Column(_("Council decision date"), lambda p: p.council_decision_date),
        Column(_("Ministry approval no."), lambda p: p.ministry_approval_number),
        Column(_("Ministry approval date"), lambda p: p.ministry_approval_date),
        Column(_("Themes"), _partnership_themes, width=30),
        Column(_("Activities held"), lambda p: getattr(p, "activity_count", None)),
        Column(_("Last activity (year)"), _last_activity_year),
        Column(_("Activities planned"), lambda p: getattr(p, "planned_count", None)),
        Column(_("Latitude"), lambda p: p.partner.latitude),
        Column(_("Longitude"), lambda p: p.partner.longitude),
    ),
)

ACTIVITY_COLUMNS: tuple[Column[ActivityRow], ...] = (
    START,
    END,
    TITLE,
    KIND,
    DIRECTION,
    PARTNERS_COLUMN,
    PLACE,
    COUNTRY,
    ORGANIZATION,
    THEMES,
    Column(_("Description"), lambda row: row.activity.description, width=50),
    PARTICIPANTS,
    OUTCOMES,
    *(_figure(name) for name in IMPACT_FIELDS),
    Column(_("Best practice"), lambda row: yes_no(row.activity.is_best_practice)),
)

ACTIVITIES: Table[ActivityRow] = Table("activities", _("Activities"), ACTIVITY_COLUMNS)


def _membership(organization: Organization) -> Membership | None:
    return next(iter(organization.memberships.all()), None)  # prefetched: one at most


def _member(attribute: str) -> "Column[Organization]":
    def value(organization: Organization) -> Cell:
        membership = _membership(organization)
        if membership is None:
            return None
        if attribute == "role":
            return membership.get_role_display()
        return getattr(membership, attribute)  # type: ignore[no-any-return]

    header = lazy_capfirst(Membership._meta.get_field(attribute).verbose_name)  # type: ignore[union-attr]
    return Column(header, value)


def _dues(organization: Organization) -> Decimal | None:
    membership = _membership(organization)
    return membership.annual_dues if membership else None


ORGANIZATIONS: Table[Organization] = Table(
    "organizations",
    _("Organizations"),
    (
        Column(_("Organization"), lambda o: o.name, width=40),
        Column(_("Acronym"), lambda o: o.acronym),
        Column(_("Website"), lambda o: o.website, width=30),
        Column(_("Membership"), lambda o: yes_no(_membership(o) is not None)),
        _member("role"),
        _member("since_year"),
        _member("until_year"),
        _member("council_decision_number"),
        _member("council_decision_date"),
        Column(_("Annual dues"), _dues),
        _member("dues_currency"),
        _member("benefits"),
        Column(_("Conferences hosted"), lambda o: getattr(o, "conference_count", None)),
    ),
)

type Pair = tuple[ActivityRow, ActivityRow | None]


def _answer(column: Column[ActivityRow]) -> Column[Pair]:
    def value(pair: Pair) -> Cell:
        return column.value(pair[1]) if pair[1] else None

    return Column(format_lazy("{}: {}", _("Answered by"), column.header), value)


def _held(column: Column[ActivityRow]) -> Column[Pair]:
    return Column(column.header, lambda pair: column.value(pair[0]))


_DAY_COLUMNS = (START, END, TITLE, DIRECTION, PLACE, COUNTRY)

CULTURE_DAYS: Table[Pair] = Table(
    "culture-days",
    _("Culture days"),
    (
        *(_held(column) for column in _DAY_COLUMNS),
        _held(PARTNERS_COLUMN),
        *(_answer(column) for column in _DAY_COLUMNS),
    ),
)

CONFERENCES: Table[ActivityRow] = Table(
    "conferences",
    _("Conferences hosted"),
    (
        START,
        END,
        Column(_("Conference"), lambda row: row.activity.title, width=40),
        ORGANIZATION,
        PLACE,
        PARTICIPANTS,
        _figure("participants_count"),
        OUTCOMES,
    ),
)

BEST_PRACTICES: Table[ActivityRow] = Table(
    "best-practices",
    _("Best practices"),
    (
        START,
        TITLE,
        KIND,
        PARTNERS_COLUMN,
        THEMES,
        Column(_("Lessons learned"), lambda row: row.activity.lessons_learned, width=50),
        OUTCOMES,
    ),
)
