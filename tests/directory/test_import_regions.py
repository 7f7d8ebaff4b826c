"""The directory import never makes up a country: regions are looked up as regions (issue 13)."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.directory.conftest import (
    ANKARA,
    DIRECTORY_PLACES,
    TBILISI,
    geonameid_pairs,
    run_import,
    write,
)
from twintowns.directory.models import DirectorySource, Twinning, UnresolvedName
from twintowns.places.services import GazetteerReport, gazetteer_load

ANNAPOLIS = 4347242
SALISBURY_MARYLAND = 4368711
SALISBURY_NORTH_CAROLINA = 4489985
COVENTRY_RHODE_ISLAND = 5221637
HOBART = 2163355
HOUSTON = 4699066
CHIBA = 2113015
CHIBA_CHINA = 1815022
GRAZ = 2778067
YENISEHIR_BURSA = 737611
KINSHASA = 2314302
BRAZZAVILLE = 2260535
JERICHO = 284899
KALININGRAD = 554234
PRAGUE = 3067696
ABIDJAN = 2293538
ATLANTA = 4180439

REGION_PLACES = {
    ANNAPOLIS,
    SALISBURY_MARYLAND,
    SALISBURY_NORTH_CAROLINA,
    COVENTRY_RHODE_ISLAND,
    HOBART,
    HOUSTON,
    CHIBA,
    CHIBA_CHINA,
    GRAZ,
    YENISEHIR_BURSA,
    KINSHASA,
    BRAZZAVILLE,
    JERICHO,
    KALININGRAD,
    PRAGUE,
    ABIDJAN,
    ATLANTA,
}

# Each row one of the cases, as a Wikipedia list or a hand-made table writes it.
ROWS = """city1,country1,city2,country2
Ankara,Turkey,"Annapolis, Maryland",
Ankara,Turkey,Hobart,Tasmania
Houston,United States,Chiba,Chiba
Ankara,Turkey,Graz,Styria
Ankara,Turkey,Yenişehir,Bursa
Ankara,Turkey,Kinshasa,Congo (Democratic Republic)
Ankara,Turkey,Jericho,Palestinian Territories
Ankara,Turkey,Königsberg,Prussia
Ankara,Turkey,"Salisbury, North Carolina",United States
Ankara,Turkey,"Coventry, Connecticut",United States
Ankara,Turkey,"Springfield, Narnia",
Ankara,Turkey,Prague,Czechia
Ankara,Türkiye,Abidjan,Ivory Coast
Ankara,Turkey,"Atlanta, Georgia",
Ankara,Turkey,"Tbilisi, Georgia",
"""


@pytest.fixture
def gazetteer(db: None) -> GazetteerReport:
    return gazetteer_load(geonameids=DIRECTORY_PLACES | REGION_PLACES)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def test_a_region_is_looked_up_as_a_region_never_turned_into_a_country(
    gazetteer: GazetteerReport, tmp_path: Path
) -> None:
    run_import(write(tmp_path, "twins.csv", ROWS), "--source", "hand")

    assert geonameid_pairs() == {
        _pair(ANKARA, ANNAPOLIS),
        _pair(ANKARA, HOBART),
        _pair(HOUSTON, CHIBA),
        _pair(ANKARA, GRAZ),
        _pair(ANKARA, YENISEHIR_BURSA),
        _pair(ANKARA, KINSHASA),
        _pair(ANKARA, JERICHO),
        _pair(ANKARA, SALISBURY_NORTH_CAROLINA),
        _pair(ANKARA, PRAGUE),
        _pair(ANKARA, ABIDJAN),
        _pair(ANKARA, ATLANTA),
        _pair(ANKARA, TBILISI),
    }
    assert set(UnresolvedName.objects.values_list("city", "country", "outcome", "rows")) == {
        ("Königsberg", "Prussia", "unknown_country", 1),
        ("Coventry, Connecticut", "United States", "outside_region", 1),
        ("Springfield, Narnia", "", "unknown_region", 1),
    }


def test_the_report_lists_every_normalisation_with_its_rows(
    gazetteer: GazetteerReport, tmp_path: Path
) -> None:
    output = run_import(write(tmp_path, "twins.csv", ROWS), "--source", "hand")

    report = DirectorySource.objects.get().report
    assert report["countries_normalised"] == [
        {
            "written": "Bursa",
            "code": "TR",
            "name": "Bursa Province, Turkey",
            "how": "region",
            "rows": 1,
        },
        {"written": "Chiba", "code": "JP", "name": "Chiba, Japan", "how": "region", "rows": 1},
        {
            "written": "Congo (Democratic Republic)",
            "code": "CD",
            "name": "Democratic Republic of the Congo",
            "how": "alias",
            "rows": 1,
        },
        {
            "written": "Palestinian Territories",
            "code": "PS",
            "name": "Palestinian Territory",
            "how": "alias",
            "rows": 1,
        },
        {"written": "Styria", "code": "AT", "name": "Styria, Austria", "how": "region", "rows": 1},
        {
            "written": "Tasmania",
            "code": "AU",
            "name": "Tasmania, Australia",
            "how": "region",
            "rows": 1,
        },
        {"written": "Türkiye", "code": "TR", "name": "Turkey", "how": "name", "rows": 1},
    ]
    assert report["countries_unknown"] == [{"written": "Prussia", "rows": 1}]
    assert report["cities_normalised"] == [
        {
            "written": "Annapolis, Maryland",
            "how": "region",
            "read_as": "Maryland, United States",
            "rows": 1,
        },
        {
            "written": "Atlanta, Georgia",
            "how": "region",
            "read_as": "Georgia, United States",
            "rows": 1,
        },
        {
            "written": "Salisbury, North Carolina",
            "how": "region",
            "read_as": "North Carolina, United States",
            "rows": 1,
        },
    ]
    assert (report["names_outside_region"], report["names_unknown_region"]) == (1, 1)
    assert "Tasmania -> Tasmania, Australia (region) (1)" in output
    assert (
        "Cities read with the region after their comma: Annapolis, Maryland -> Maryland, " in output
    )


def test_a_reimport_that_would_remove_twinnings_says_how_many_and_writes_nothing(
    gazetteer: GazetteerReport, tmp_path: Path
) -> None:
    path = write(tmp_path, "twins.csv", ROWS)
    run_import(path, "--source", "hand")
    links = set(Twinning.sources.through.objects.values_list("twinning_id", "directorysource_id"))
    report = DirectorySource.objects.get().report
    write(tmp_path, "twins.csv", "city1,country1,city2,country2\nAnkara,Turkey,Hobart,Australia\n")

    with pytest.raises(CommandError) as error:
        run_import(path, "--source", "hand")

    assert str(error.value).startswith(
        "This file would remove 11 twinnings from the source “hand” (the file no longer lists "
        "them, or their names no longer settle: "
    )
    assert str(error.value).endswith(
        "; …). Nothing was written; run it again with --replace to remove them."
    )
    assert (
        set(Twinning.sources.through.objects.values_list("twinning_id", "directorysource_id"))
        == links
    )
    assert DirectorySource.objects.get().report == report
    run_import(path, "--source", "hand", "--replace")
    assert geonameid_pairs() == {_pair(ANKARA, HOBART)}


def test_skip_if_loaded_reads_a_file_again_that_an_older_matching_read(
    gazetteer: GazetteerReport, tmp_path: Path
) -> None:
    path = write(tmp_path, "twins.csv", ROWS)
    run_import(path, "--source", "hand")
    source = DirectorySource.objects.get()
    source.report = {**source.report, "matching": 1}
    source.save()

    output = run_import(path, "--source", "hand", "--skip-if-loaded")

    assert output.splitlines()[0] == (
        "The source “hand” holds this file as an older version read it; reading it again."
    )
    assert DirectorySource.objects.get().report["matching"] == 2


def test_the_sources_page_shows_how_each_country_and_city_was_read(
    gazetteer: GazetteerReport, tmp_path: Path, viewer_client: Client
) -> None:
    run_import(write(tmp_path, "twins.csv", ROWS), "--source", "hand")

    page = viewer_client.get(reverse("directory:sources")).content.decode()

    assert (
        "<tr><td>Tasmania</td><td>Tasmania, Australia (AU) "
        '<span class="badge text-bg-light">a region of the gazetteer</span></td>'
    ) in page
    assert "<tr><td>Annapolis, Maryland</td><td>a place in Maryland, United States</td>" in page
    assert "3 city names read with what follows their comma" in page
