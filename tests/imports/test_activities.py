"""Activities from a sheet: partners named by city, dates of any precision, end after start."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import PartnershipFactory
from tests.imports.helpers import run, write
from tests.places.conftest import SEOUL, VIENNA
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.places.models import Place

pytestmark = pytest.mark.usefixtures("gazetteer")
SHEET = (
    "Başlık;Tür;Yön;Başlangıç;Bitiş;Şehir;Ülke;Ortaklar;Konular\n"
    "Seul Günleri;kültür günleri;yurt dışında;10.2007;;Seul;Güney Kore;Seul;Ekonomi\n"
    "Viyana heyeti;site visit;incoming delegation;12.03.2015;14.03.2015;;;Viyana;\n"
)


@pytest.fixture
def partners(authority: Authority, gazetteer: object) -> None:
    for geonameid in (SEOUL, VIENNA):
        PartnershipFactory(authority=authority, partner=Place.objects.get(geonameid=geonameid))


@pytest.mark.usefixtures("partners")
def test_activities_import_with_partners_place_and_partial_dates(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    plan = run(write(tmp_path, "etkinlik.csv", SHEET), authority, editor, kind="activities")
    assert plan.errors == []
    rows = {
        a.title: (
            a.kind,
            a.direction,
            a.starts_on,
            a.ends_on,
            a.date_precision,
            a.place.name if a.place else None,
            [p.partner.name for p in a.partnerships.all()],
        )
        for a in Activity.objects.filter(authority=authority)
    }
    assert rows == {
        "Seul Günleri": (
            "culture_days",
            "abroad",
            dt.date(2007, 10, 1),
            None,
            "month",
            "Seoul",
            ["Seoul"],
        ),
        "Viyana heyeti": (
            "site_visit",
            "incoming",
            dt.date(2015, 3, 12),
            dt.date(2015, 3, 14),
            "day",
            None,
            ["Vienna"],
        ),
    }
    again = run(write(tmp_path, "etkinlik.csv", SHEET), authority, editor, kind="activities")
    assert (again.created, again.existing) == (0, [2, 3])


@pytest.mark.usefixtures("partners")
def test_an_activity_ending_before_it_starts_and_an_unknown_partner_are_refused(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    text = SHEET.replace("14.03.2015", "11.03.2015").replace(";Seul;Ekonomi", ";Moskova;Ekonomi")
    before = snapshot()
    plan = run(write(tmp_path, "etkinlik.csv", text), authority, editor, kind="activities")
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in plan.errors] == [
        (2, "Ortaklar", "Moskova", "“Moskova” is not one of your partners."),
        (3, "Bitiş", "11.03.2015", "The end cannot be before the start."),
    ]
    assert snapshot() == before
    assert Activity.objects.count() == 0
