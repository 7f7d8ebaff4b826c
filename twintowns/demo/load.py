"""Load the Ankara record of the seed (`data.py` and `ankara-partners.csv`) through the services.

Idempotent: each record is looked up by its natural key first (partner place; activity title,
kind and start; organization name) and created only when missing, so a second run creates
nothing and, records being left as they are, changes nothing either. The authority's profile
goes through `authority_update`, which saves (and records history) only what differs. The one
exception is deliberate: without TWINTOWNS_DEMO_PASSWORD each run sets a new random password.
An activity loaded before the demo marked best practices gets its mark (once) on the next run.
"""

import csv
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from twintowns.activities.models import Activity
from twintowns.activities.services import activity_create, activity_update, culture_days_pair
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.services import authority_update, staff_role_set, union_analysts_group
from twintowns.core.models import Theme
from twintowns.core.themes import themes_ensure
from twintowns.demo import data
from twintowns.lib.dates import Precision
from twintowns.networks.models import Membership, MembershipRole, Organization
from twintowns.networks.services import membership_save, organization_save
from twintowns.partnerships.models import Partnership, Status
from twintowns.partnerships.services import partnership_create
from twintowns.places.models import Place
from twintowns.places.services import gazetteer_load

CSV_PATH = Path(__file__).with_name("ankara-partners.csv")
LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"


@dataclass
class DemoReport:
    """What a run found and did; `password` is the demo users' password after it."""

    authority: Authority
    created: Counter[str] = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    password: str = ""
    password_generated: bool = False
    seconds: float = 0.0

    def lines(self) -> list[str]:
        t = self.totals
        created = ", ".join(f"{n} {what}" for what, n in sorted(self.created.items()))
        return [
            f"{self.authority.name}: {t['partnerships']} partnerships, {t['activities']} "
            f"activities ({t['culture_days']} culture days with {t['pairs']} reciprocal pairs, "
            f"{t['conferences']} conferences, {t['visits']} visits and ceremonies), "
            f"{t['organizations']} organizations, {t['memberships']} memberships, "
            f"{t['users']} demo users.",
            *self.merged,
            f"Created in this run: {created or 'nothing'} ({self.seconds:.1f} s).",
            f"Sign in at {LOGIN_URL} as "
            + ", ".join(f"{name} ({role})" for name, role, _ in data.USERS)
            + f", {data.ANALYST} (totals across all authorities)"
            + f" with the password {self.password}"
            + (
                " (new, random: set TWINTOWNS_DEMO_PASSWORD to choose one)."
                if self.password_generated
                else " (TWINTOWNS_DEMO_PASSWORD)."
            ),
        ]


def csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def load_demo() -> DemoReport:
    started = time.perf_counter()
    themes_ensure(Theme)  # a database emptied by a test flush has lost the migration's rows
    places = _places()
    authority, admin = _bootstrap(places[data.ANKARA])
    report = DemoReport(authority=authority)
    report.password, report.password_generated = _users(authority, admin)
    authority_update(
        actor=admin,
        authority=authority,
        name=data.AUTHORITY_NAME,
        name_tr=data.AUTHORITY_NAME_TR,
        place=places[data.ANKARA],
        public_page=True,  # the citizens' page, /city/ankara/, to show and to load-test
        **data.PROFILE,
    )
    _partnerships(report, authority, admin, places)
    _organizations(report, authority, admin)
    activities = [
        _activity(report, authority, admin, places, fact)
        for fact in [*data.VISITS, *data.CULTURE_DAYS, *data.CONFERENCES, data.PRESENTATION]
    ]
    days = activities[len(data.VISITS) : len(data.VISITS) + len(data.CULTURE_DAYS)]
    for first, answer in data.CULTURE_DAY_PAIRS:
        if days[first].reciprocal_id != days[answer].pk:
            culture_days_pair(actor=admin, first=days[first], answer=days[answer])
            report.created["reciprocal pairs"] += 1
    report.totals = _totals(authority)
    report.seconds = time.perf_counter() - started
    return report


def _places() -> dict[int, Place]:
    """The demo's places by GeoNames id, loaded from the gazetteer data if missing."""
    have = set(
        Place.objects.filter(geonameid__in=data.ALL_PLACES).values_list("geonameid", flat=True)
    )
    if missing := data.ALL_PLACES - have:
        gazetteer_load(geonameids=missing)
    places = Place.objects.filter(geonameid__in=data.ALL_PLACES)
    return {p.geonameid: p for p in places if p.geonameid is not None}


def _bootstrap(ankara: Place) -> tuple[Authority, User]:
    """The authority and its first administrator, created directly.

    The one place the demo writes without a service: every service asks for an actor
    holding a role in the authority, and before this there is neither.
    """
    authority, _ = Authority.objects.get_or_create(
        slug=data.AUTHORITY_SLUG,
        defaults={"name": data.AUTHORITY_NAME, "name_tr": data.AUTHORITY_NAME_TR, "place": ankara},
    )
    admin_name = next(name for name, role, _ in data.USERS if role == Role.ADMIN)
    admin = _user(admin_name, is_staff=True)
    staff_role, _ = StaffRole.objects.get_or_create(
        user=admin, authority=authority, defaults={"role": Role.ADMIN}
    )
    if staff_role.role != Role.ADMIN:
        staff_role.role = Role.ADMIN
        staff_role.save()
    return authority, admin


def _user(username: str, *, is_staff: bool) -> User:
    # Django's users have no service of their own here; the demo users are made directly.
    user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
    if user.is_staff != is_staff or user.is_superuser:
        user.is_staff, user.is_superuser = is_staff, False
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _users(authority: Authority, admin: User) -> tuple[str, bool]:
    """Give the demo users their roles and one password: the setting's, or a new random one."""
    password = settings.TWINTOWNS_DEMO_PASSWORD
    generated = not password
    if generated:
        password = secrets.token_urlsafe(12)
    for username, role, is_staff in data.USERS:
        user = admin if username == admin.username else _user(username, is_staff=is_staff)
        if generated or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if username != admin.username:
            staff_role_set(actor=admin, authority=authority, user=user, role=role)
    analyst = _user(data.ANALYST, is_staff=False)
    if generated or not analyst.check_password(password):
        analyst.set_password(password)
        analyst.save(update_fields=["password"])
    analyst.groups.add(union_analysts_group())
    return password, generated


def _partnerships(
    report: DemoReport, authority: Authority, admin: User, places: dict[int, Place]
) -> None:
    """One partnership per partner place; rows of the CSV on the same place share it."""
    groups: dict[int, list[dict[str, str]]] = {}
    for row in csv_rows():
        groups.setdefault(data.PARTNER_PLACES[row["city"], row["country"]], []).append(row)
    for geonameid, rows in groups.items():
        partner = places[geonameid]
        if len(rows) > 1:
            names = " and ".join(f"{r['city']} ({r['country']})" for r in rows)
            report.merged.append(
                f"Merged CSV rows {names}: one GeoNames place, {partner} ({geonameid}); "
                "each row's sources and notes are kept on the one partnership."
            )
        if Partnership.objects.filter(authority=authority, partner=partner).exists():
            continue
        signed_on = next(
            (data.SIGNED_ON[r["city"]] for r in rows if r["city"] in data.SIGNED_ON), None
        )
        partnership_create(
            actor=admin,
            authority=authority,
            partner=partner,
            kind=rows[0]["relation_type"],
            status=Status.ACTIVE,
            signed_on=signed_on,
            signed_precision=Precision.DAY,
            status_date=signed_on,
            sources=_per_row(rows, "source"),
            notes=_per_row(rows, "notes"),
        )
        report.created["partnerships"] += 1


def _per_row(rows: list[dict[str, str]], column: str) -> str:
    """A column as the CSV has it; for rows merged into one place, each row's value named."""
    if len(rows) == 1:
        return rows[0][column]
    return "\n".join(f"{r['city']}, {r['country']}: {r[column]}" for r in rows if r[column])


def _organizations(report: DemoReport, authority: Authority, admin: User) -> None:
    for fact in data.ORGANIZATIONS:
        organization = Organization.objects.filter(authority=authority, name=fact.name).first()
        if organization is None:
            organization = organization_save(
                actor=admin,
                organization=Organization(
                    authority=authority, name=fact.name, acronym=fact.acronym
                ),
            )
            report.created["organizations"] += 1
        if (
            fact.member
            and not Membership.objects.filter(
                authority=authority, organization=organization
            ).exists()
        ):
            membership_save(
                actor=admin,
                membership=Membership(
                    authority=authority, organization=organization, role=MembershipRole.MEMBER
                ),
            )
            report.created["memberships"] += 1


def _activity(
    report: DemoReport,
    authority: Authority,
    admin: User,
    places: dict[int, Place],
    fact: data.Activity,
) -> Activity:
    found = Activity.objects.filter(
        authority=authority, title=fact.title, kind=fact.kind, starts_on=fact.starts_on
    ).first()
    if found is not None:
        if fact.best_practice and not found.is_best_practice:
            # A record loaded before the demo marked best practices gets its mark.
            activity_update(actor=admin, activity=found, is_best_practice=True)
            report.created["best-practice marks"] += 1
        return found
    partner_ids = [_partner_geonameid(city) for city in fact.partners]
    partnerships = list(
        Partnership.objects.filter(authority=authority, partner__geonameid__in=partner_ids)
    )
    if len(partnerships) != len(partner_ids):
        raise LookupError(f"{fact.title}: no partnership with {', '.join(fact.partners)}")
    themes = list(Theme.objects.filter(code__in=fact.themes))
    if len(themes) != len(fact.themes):
        raise LookupError(f"{fact.title}: missing themes among {', '.join(fact.themes)}")
    organization = (
        Organization.objects.get(authority=authority, name=fact.organization)
        if fact.organization
        else None
    )
    activity = activity_create(
        actor=admin,
        authority=authority,
        kind=fact.kind,
        direction=fact.direction,
        title=fact.title,
        starts_on=fact.starts_on,
        ends_on=fact.ends_on,
        date_precision=fact.precision,
        place=places[fact.place] if fact.place else None,
        partnerships=partnerships,
        organization=organization,
        themes=themes,
        description=fact.description,
        is_best_practice=fact.best_practice,
    )
    report.created["activities"] += 1
    return activity


def _partner_geonameid(city: str) -> int:
    return next(gid for (name, _), gid in data.PARTNER_PLACES.items() if name == city)


def _totals(authority: Authority) -> dict[str, int]:
    activities = Activity.objects.filter(authority=authority)
    kinds = Counter(activities.values_list("kind", flat=True))
    return {
        "partnerships": authority.partnerships.count(),
        "activities": activities.count(),
        "culture_days": kinds["culture_days"],
        "pairs": activities.exclude(reciprocal=None).count(),
        "conferences": kinds["conference"],
        "visits": kinds["site_visit"] + kinds["technical"] + kinds["ceremony"],
        "organizations": authority.organizations.count(),
        "memberships": authority.memberships.count(),
        "users": StaffRole.objects.filter(
            authority=authority, user__username__in=[name for name, _, _ in data.USERS]
        ).count(),
    }
