"""Partners from a sheet: headers in Turkish or English, all rows checked, all or nothing."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import PartnershipFactory, PlaceFactory
from tests.imports.helpers import check, run, write
from twintowns.authorities.models import Authority
from twintowns.imports.kinds import BULK_FROM
from twintowns.imports.plan import place_key
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Place

pytestmark = pytest.mark.usefixtures("gazetteer")
TURKISH = (
    "Kardeş şehir;Ülke;İlişki türü;Durum;İmza tarihi;Konular;Notlar;Sütun X\n"
    'Seul;Güney Kore;kardeş şehir;aktif;18.11.1971;"Ekonomi, Çevre";İlk ortak;x\n'
    "Viyana;Avusturya;ortak şehir;imzalandı;2006;;;x\n"
    "Kişinev;Moldova;Dostluk;active;05.2010;;;x\n"
)


def _partners(authority: Authority) -> dict[str, tuple[str, str, dt.date | None, str]]:
    return {
        p.partner.name: (p.kind, p.status, p.signed_on, p.signed_precision)
        for p in Partnership.objects.filter(authority=authority).select_related("partner")
    }


def test_turkish_headers_and_letters_import_partners(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    plan = run(write(tmp_path, "ortaklar.csv", TURKISH), authority, editor)

    assert plan.errors == []
    assert plan.unmapped == ["Sütun X"]
    assert _partners(authority) == {
        "Seoul": ("sister", "active", dt.date(1971, 11, 18), "day"),
        "Vienna": ("partner", "signed", dt.date(2006, 1, 1), "year"),
        "Chisinau": ("friendship", "active", dt.date(2010, 5, 1), "month"),
    }
    seoul = Partnership.objects.get(authority=authority, partner__name="Seoul")
    assert sorted(t.code for t in seoul.themes.all()) == ["economy", "environment"]
    assert seoul.notes == "İlk ortak"
    assert {h.history_user for h in seoul.history.all()} == {editor}


def test_city_and_country_in_one_column(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    text = 'Partner,Signed\n"Seoul, South Korea",1971-11-18\n"Vienna, Austria",2006\n'
    plan = run(
        write(tmp_path, "p.csv", text), authority, editor, overrides={"Partner": "city_country"}
    )
    assert plan.errors == []
    assert sorted(_partners(authority)) == ["Seoul", "Vienna"]


def test_a_file_with_errors_imports_nothing_and_names_each_bad_cell(
    tmp_path: Path,
    authority: Authority,
    editor: object,
    snapshot: Callable[[], dict[str, int]],
) -> None:
    text = (
        "City,Country,Kind,Signed,Themes\n"
        "Seoul,South Korea,sister city,18.11.1971,economy\n"
        "Vienna,Austria,twin town,2006,\n"
        "Istanbul,Turkey,,31.02.2001,\n"
        "Ankara,Turkey,,March 2001,gardening\n"
    )
    before = snapshot()
    plan = run(write(tmp_path, "bad.csv", text), authority, editor)

    assert [(e["row"], e["column"], e["value"]) for e in plan.errors] == [
        (3, "Kind", "twin town"),
        (4, "Signed", "31.02.2001"),
        (5, "Signed", "March 2001"),
        (5, "Themes", "gardening"),
    ]
    assert plan.errors[0]["message"].startswith("Not one of: sister city, partner city")
    assert plan.errors[1]["message"] == "This date does not exist."
    assert snapshot() == before


def test_unknown_and_ambiguous_places_are_listed_then_settled(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    path = write(
        tmp_path, "p.csv", "City,Country\nVienna,United States\nAtlantis,Greece\nSeoul,Korea\n"
    )
    before = snapshot()
    plan = run(path, authority, editor)
    assert [
        (u["city"], u["outcome"], len(u["candidates"]), u["rows"]) for u in plan.unresolved
    ] == [
        ("Vienna", "ambiguous", 2, [2]),
        ("Atlantis", "unknown", 0, [3]),
    ]
    assert snapshot() == before

    virginia = Place.objects.get(geonameid=4791160)
    resolutions = {
        place_key("Vienna", "United States"): str(virginia.pk),
        place_key("Atlantis", "Greece"): "skip",
    }
    plan = run(path, authority, editor, resolutions=resolutions)
    assert (plan.errors, plan.unresolved, plan.skipped) == ([], [], [3])
    assert set(
        Partnership.objects.filter(authority=authority).values_list("partner", flat=True)
    ) == {
        virginia.pk,
        Place.objects.get(name="Seoul").pk,
    }


def test_skip_unresolved_lists_the_skipped_places(tmp_path: Path, authority: Authority) -> None:
    plan = check(
        write(tmp_path, "p.csv", "City,Country\nAtlantis,Greece\nSeoul,Korea\n"),
        authority,
        skip_unresolved=True,
    )
    assert (plan.ok, plan.skipped, [p["city"] for p in plan.skipped_places]) == (
        True,
        [2],
        ["Atlantis"],
    )


def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    path = write(tmp_path, "ortaklar.csv", TURKISH)
    first = run(path, authority, editor)
    after_first = snapshot()
    second = run(path, authority, editor)

    assert (first.created, second.created, second.existing) == (3, 0, [2, 3, 4])
    assert snapshot() == after_first


def test_duplicate_rows_merge_into_the_first(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    text = "City,Country,Kind\nSeoul,South Korea,sister\nSEUL,Güney Kore,partner\n"
    plan = run(write(tmp_path, "p.csv", text), authority, editor)
    assert (plan.created, plan.merged) == (1, [{"row": 3, "into": 2}])
    assert _partners(authority)["Seoul"][0] == "sister"


def test_an_existing_partnership_is_left_as_it_is(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    seoul = Place.objects.get(name="Seoul")
    PartnershipFactory(authority=authority, partner=seoul, kind="friendship")
    plan = run(write(tmp_path, "p.csv", "City,Country,Kind\nSeoul,KR,sister\n"), authority, editor)
    assert (plan.created, plan.existing, _partners(authority)["Seoul"][0]) == (0, [2], "friendship")


def test_many_rows_take_the_bulk_path_with_history_and_events(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    count = BULK_FROM + 5
    for n in range(count):
        PlaceFactory(name=f"Kasaba {n}", country__code="KR")
    text = "Şehir,Ülke,İmza tarihi\n" + "".join(
        f"Kasaba {n},KR,{1990 + n % 30}\n" for n in range(count)
    )
    before = snapshot()
    plan = run(write(tmp_path, "many.csv", text), authority, editor)
    after = snapshot()

    assert plan.created == count
    # Bulk writes send no signals: the import bumps the data version itself (cached insights).
    authority_after = Authority.objects.get(pk=authority.pk)
    assert authority_after.data_version > authority.data_version
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "Partnership": count,
        "Partnership history": count,
        "LifecycleEvent": count,
        "LifecycleEvent history": count,
    }
    assert set(Partnership.history.values_list("history_user", "history_change_reason")) == {
        (editor.pk, "created")  # type: ignore[attr-defined]
    }
    kasaba_7 = Partnership.objects.get(authority=authority, partner__name="Kasaba 7")
    assert (kasaba_7.signed_on, kasaba_7.signed_precision) == (dt.date(1997, 1, 1), "year")
    assert [e.date for e in kasaba_7.events.all()] == [dt.date(1997, 1, 1)]


def test_a_viewer_cannot_import(tmp_path: Path, authority: Authority, viewer: object) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(write(tmp_path, "p.csv", "City,Country\nSeoul,KR\n"), authority, viewer)
    assert Partnership.objects.count() == 0


def test_a_country_written_three_ways_is_one_partner(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    text = "City,Country\nSeoul,South Korea\nSeul,Güney Kore\nSEOUL,kr\n"
    plan = run(write(tmp_path, "p.csv", text), authority, editor)
    assert (plan.errors, plan.created) == ([], 1)
    assert plan.merged == [{"row": 3, "into": 2}, {"row": 4, "into": 2}]
    assert list(_partners(authority)) == ["Seoul"]
