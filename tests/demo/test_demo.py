"""`twintowns demo`: the seed's Ankara record, every fact, loaded through the services."""

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pytest_django.fixtures import Settings as DjangoSettings

from twintowns.activities.models import IMPACT_FIELDS, Activity
from twintowns.activities.services import activity_update
from twintowns.authorities.models import Authority, StaffRole
from twintowns.core.history import Change, history_entries
from twintowns.demo import data
from twintowns.demo.load import CSV_PATH, LOGIN_URL, DemoReport, load_demo
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-for-tests"


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoReport]:
    """One load for the module, in a transaction rolled back after its last test."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, TWINTOWNS_DEMO_PASSWORD=PASSWORD),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def ankara() -> Authority:
    return Authority.objects.get(slug="ankara")


def days(title: str, year: int) -> Activity:
    return Activity.objects.get(kind="culture_days", title=title, starts_on__year=year)


def test_the_shipped_csv_has_its_56_rows_and_each_a_place() -> None:
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 56
    assert {(r["city"], r["country"]) for r in rows} == set(data.PARTNER_PLACES)
    signed = {r["city"]: int(r["year_signed"]) for r in rows if r["year_signed"]}
    assert signed == {city: day.year for city, day in data.SIGNED_ON.items()}


def test_partnerships_are_the_csv_rows(demo: DemoReport) -> None:
    partnerships = Partnership.objects.filter(authority=ankara())
    # 56 rows; "Nicosia, Cyprus" and "North Nicosia, Northern Cyprus" are one GeoNames place.
    assert partnerships.count() == 55
    assert set(partnerships.values_list("partner__geonameid", flat=True)) == set(
        data.PARTNER_PLACES.values()
    )
    assert set(partnerships.values_list("status", flat=True)) == {"active"}
    assert list(partnerships.filter(kind="partner").values_list("partner__name", flat=True)) == [
        "Shenzhen"
    ]
    assert partnerships.get(partner__name="Miami").sources == "WD-2016"
    assert partnerships.get(partner__name="Elazığ").notes == (
        "domestic (Turkish) kardeş şehir, only in sistercity.info; not an international relation"
    )
    nicosia = partnerships.get(partner__geonameid=146268)
    assert nicosia.sources == (
        "Nicosia, Cyprus: WP-2026|WD-2016\nNorth Nicosia, Northern Cyprus: WP-2026|WD-2016|SCI-2025"
    )
    assert nicosia.notes.startswith("Nicosia, Cyprus: probably the same body as North Nicosia")

    signed = {
        p.partner.name: (
            p.signed_on,
            p.signed_precision,
            [(e.status, e.date) for e in p.events.all()],
        )
        for p in partnerships.exclude(signed_on=None).select_related("partner")
    }
    assert signed == {
        "Beijing": (dt.date(1990, 6, 20), "day", [("active", dt.date(1990, 6, 20))]),
        "Chisinau": (dt.date(2004, 2, 12), "day", [("active", dt.date(2004, 2, 12))]),
        "Shenzhen": (dt.date(2013, 11, 17), "day", [("active", dt.date(2013, 11, 17))]),
    }
    shenzhen = partnerships.get(partner__name="Shenzhen")
    assert "friendship city" in shenzhen.notes


def test_profile_facts(demo: DemoReport) -> None:
    a = ankara()
    assert (a.name, a.name_tr, a.place.geonameid) == (
        "Ankara Metropolitan Municipality",
        "Ankara Büyükşehir Belediyesi",
        323786,
    )
    assert (a.facts_year, a.population, a.area_km2, a.districts, a.students) == (
        2015,
        5_100_000,
        24_521,
        25,
        200_000,
    )
    assert a.green_area_per_capita_m2 == Decimal("19")
    assert a.sister_cities_stated == 46
    assert len(a.lines("highlights")) == 5
    assert len(a.lines("partnership_aims")) == 8
    assert a.lines("network_aims")[-1] == (
        "Raises the popularity and the organizational capacity of the city"
    )
    assert a.introduction.startswith("Şehirlerin birbirleri ile teknik bilgi")
    assert a.introduction.endswith("karşılıklı kültür günleri düzenlemektedir.")
    assert (a.phone, a.fax, a.email) == (
        "+90 312 507 29 81",
        "+90 312 507 29 91",
        "disiliskiler@ankara.bel.tr",
    )
    assert a.address.endswith("YENİMAHALLE – ANKARA / TURKEY")


def test_culture_days_in_the_seeds_order_with_their_pairs(demo: DemoReport) -> None:
    culture_days = Activity.objects.filter(authority=ankara(), kind="culture_days").order_by("pk")
    assert [(a.title, a.starts_on.year) for a in culture_days] == [
        ("China Days in Ankara", 2000),
        ("Ankara Days in Astana", 2001),
        ("Astana Days in Ankara", 2001),
        ("Ankara Days in Moscow", 2002),
        ("Moscow Days in Ankara", 2003),
        ("Ulan Baatar Days in Ankara", 2004),
        ("Ankara Days in Islamabad", 2005),
        ("Ankara Days in Seoul", 2006),
        ("Seoul Days in Ankara", 2007),
        ("Ankara Days in N.Cyprus T.R.", 2008),
        ("Ankara Days in Shanghai", 2009),
        ("Shanghai Days in Ankara", 2010),
        ("Ankara Days in Astana", 2011),
        ("Astana Days in Ankara", 2012),
        ("Ashkhabad Days in Ankara", 2013),
        ("Budapest Days in Ankara", 2015),
        ("Ankara Days in Moscow", 2015),
        ("Ankara Days in Budapest", 2016),
    ]
    budapest = days("Budapest Days in Ankara", 2015)
    assert (budapest.starts_on, budapest.ends_on, budapest.date_precision) == (
        dt.date(2015, 9, 10),
        dt.date(2015, 9, 13),
        "day",
    )
    moscow = days("Ankara Days in Moscow", 2015)
    assert (moscow.starts_on, moscow.date_precision) == (dt.date(2015, 10, 1), "month")
    assert Counter(a.date_precision for a in culture_days) == {"year": 16, "day": 1, "month": 1}

    seoul = days("Ankara Days in Seoul", 2006)
    assert (seoul.direction, seoul.place.name, [str(p) for p in seoul.partnerships.all()]) == (
        "abroad",
        "Seoul",
        ["Seoul"],
    )
    ulan = days("Ulan Baatar Days in Ankara", 2004)
    assert (
        ulan.direction,
        ulan.place.name,
        [p.partner.geonameid for p in ulan.partnerships.all()],
    ) == (
        "hosted",
        "Ankara",
        [2028462],
    )
    china, cyprus = days("China Days in Ankara", 2000), days("Ankara Days in N.Cyprus T.R.", 2008)
    assert (china.place.name, china.partnerships.count()) == ("Ankara", 0)
    assert (cyprus.place, cyprus.partnerships.count()) == (None, 0)
    shanghai = days("Ankara Days in Shanghai", 2009)
    assert (shanghai.place.name, shanghai.partnerships.count()) == ("Shanghai", 0)
    assert {t.code for a in culture_days for t in a.themes.all()} == {"culture"}

    pairs = [
        (a.title, a.starts_on.year, a.reciprocal.title, a.reciprocal.starts_on.year)
        for a in culture_days.exclude(reciprocal=None)
    ]
    assert pairs == [
        ("Ankara Days in Astana", 2001, "Astana Days in Ankara", 2001),
        ("Ankara Days in Moscow", 2002, "Moscow Days in Ankara", 2003),
        ("Ankara Days in Seoul", 2006, "Seoul Days in Ankara", 2007),
        ("Ankara Days in Shanghai", 2009, "Shanghai Days in Ankara", 2010),
        ("Ankara Days in Astana", 2011, "Astana Days in Ankara", 2012),
        ("Budapest Days in Ankara", 2015, "Ankara Days in Budapest", 2016),
    ]


def test_memberships_and_conferences(demo: DemoReport) -> None:
    authority = ankara()
    members = Membership.objects.filter(authority=authority).select_related("organization")
    assert sorted(m.organization.acronym or m.organization.name for m in members) == sorted(
        [
            "AMF",
            "GDCO",
            "Association of Towns Awarded the Europe Prize",
            "The League of Historical Cities",
            "TDBB",
            "OICC",
            "ICLEI",
            "WeGO",
            "UCLG-MEWA",
        ]
    )
    assert {(m.role, m.since_year) for m in members} == {("member", None)}
    assert Organization.objects.filter(authority=authority, memberships=None).count() == 2

    hosted = Activity.objects.filter(authority=authority, kind="conference", direction="hosted")
    conferences = hosted.order_by("pk")
    assert [c.starts_on.year for c in conferences] == [
        2014, 2013, 2013, 2012, 2012, 2011, 2008, 2007, 2007, 2006, 2006, 2006, 2005, 2004, 2000,
    ]  # fmt: skip
    assert {(c.place.name, c.date_precision) for c in conferences} == {("Ankara", "year")}
    assert [c.organization.name if c.organization else None for c in conferences][:3] == [
        "Association of Towns Awarded the Europe Prize",
        "Global Design Cities Organization",
        None,
    ]
    assert conferences.last().organization.name == "Black Sea Capitals' Association"
    # The seed's own occasion: the presentation in Kharkov, 23.05.2015.
    abroad = Activity.objects.get(authority=authority, kind="conference", direction="abroad")
    assert (abroad.starts_on, abroad.place.name) == (dt.date(2015, 5, 23), "Kharkiv")


def test_visits_of_the_seed_have_no_date(demo: DemoReport) -> None:
    visits = Activity.objects.filter(
        authority=ankara(), kind__in=["site_visit", "technical", "ceremony"]
    ).order_by("pk")
    assert [
        (v.kind, v.direction, [p.partner.name for p in v.partnerships.all()], v.starts_on)
        for v in visits
    ] == [
        ("technical", "incoming", ["Pristina"], None),
        ("technical", "incoming", ["Islamabad"], None),
        ("ceremony", "abroad", ["Washington"], None),
        ("site_visit", "incoming", ["Kabul"], None),
        ("site_visit", "incoming", ["Tirana"], None),
    ]
    assert sorted(t.code for t in visits[3].themes.all()) == ["environment", "social-services"]
    assert sorted(t.code for t in visits[4].themes.all()) == [
        "historical-heritage",
        "urban-regeneration",
    ]


def test_demo_users_and_their_roles(demo: DemoReport) -> None:
    roles = {
        r.user.username: (r.role, r.user.is_staff, r.user.is_superuser)
        for r in StaffRole.objects.filter(authority=ankara()).select_related("user")
    }
    assert roles == {
        "demo-admin": ("admin", True, False),
        "demo-editor": ("editor", False, False),
        "demo-viewer": ("viewer", False, False),
    }
    assert all(
        u.check_password(PASSWORD) for u in User.objects.filter(username__startswith="demo-")
    )
    assert (demo.password, demo.password_generated) == (PASSWORD, False)


def test_the_demo_analyst_sees_all_authorities_and_no_office(demo: DemoReport) -> None:
    analyst = User.objects.get(username="demo-analyst")

    assert analyst.has_perm("authorities.view_union_insights")
    assert list(analyst.groups.values_list("name", flat=True)) == ["Union analysts"]
    assert not StaffRole.objects.filter(user=analyst).exists()
    assert analyst.check_password(PASSWORD)


def test_a_new_random_password_each_run_when_none_is_set(
    demo: DemoReport, settings: DjangoSettings
) -> None:
    settings.TWINTOWNS_DEMO_PASSWORD = ""
    first, second = load_demo(), load_demo()
    assert first.password_generated and second.password_generated
    assert len(first.password) == 16 and first.password != second.password
    viewer = User.objects.get(username="demo-viewer")
    assert viewer.check_password(second.password) and not viewer.check_password(PASSWORD)


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"authorities", "partnerships", "activities", "networks", "auth"}
        or model.__name__.startswith("Historical")
    }


def test_a_second_run_changes_nothing(demo: DemoReport) -> None:
    assert demo.created == {
        "partnerships": 55,
        "organizations": 11,
        "memberships": 9,
        "activities": 39,
        "reciprocal pairs": 6,
    }
    before = _counts()
    passwords = dict(User.objects.values_list("username", "password"))
    again = load_demo()
    assert again.created == {}
    assert _counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_the_command_prints_counts_and_where_to_sign_in(demo: DemoReport) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "Created in this run: nothing" in text
    assert "55 partnerships" in text
    assert "18 culture days with 6 reciprocal pairs" in text
    assert LOGIN_URL in text and PASSWORD in text


ITC_VISIT = (
    "Site Visits of Kabul Municipality to Social Projects and ITC Solid Waste Management Facility"
)


def test_the_one_best_practice_is_the_itc_visit_with_nothing_invented(demo: DemoReport) -> None:
    activities = Activity.objects.filter(authority=ankara())
    practices = activities.filter(is_best_practice=True)
    assert [(a.title, a.lessons_learned) for a in practices] == [(ITC_VISIT, "")]
    assert activities.exclude(lessons_learned="").count() == 0
    for name in IMPACT_FIELDS:  # the seed counts nothing
        assert activities.exclude(**{f"{name}__isnull": True}).count() == 0, name


def test_a_visit_loaded_before_best_practices_gets_its_mark_once(demo: DemoReport) -> None:
    admin = User.objects.get(username="demo-admin")
    activity_update(
        actor=admin, activity=Activity.objects.get(title=ITC_VISIT), is_best_practice=False
    )
    assert load_demo().created == {"best-practice marks": 1}
    itc = Activity.objects.get(title=ITC_VISIT)
    newest = history_entries(itc)[0]
    assert (itc.is_best_practice, newest.user.username, newest.changes) == (
        True,
        "demo-admin",
        [Change("best practice", "no", "yes")],
    )
    assert load_demo().created == {}


def test_the_demo_makes_the_analysts_group_again_after_a_flush(db: None) -> None:
    # Browser tests flush the database between tests, and with it the group a migration made.
    Group.objects.filter(name="Union analysts").delete()

    load_demo()

    assert User.objects.get(username="demo-analyst").has_perm("authorities.view_union_insights")
