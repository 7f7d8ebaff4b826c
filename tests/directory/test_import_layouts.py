"""The other layouts: coordinates, what the Wikidata Query Service returns, and a mapped table."""

import hashlib
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tests.directory.conftest import (
    ANKARA,
    BEIJING,
    BUDAPEST,
    FRANKFURT_MAIN,
    FRANKFURT_ODER,
    ISTANBUL,
    KYIV,
    MOSCOW,
    PORTLAND_MAINE,
    PORTLAND_OREGON,
    SAMPLES,
    SEOUL,
    SOFIA,
    TBILISI,
    geonameid_pairs,
    run_import,
    write,
)
from twintowns.directory.importing import BOUNDS, FIELDS, column_mapping
from twintowns.directory.models import DirectorySource, Twinning, UnresolvedName
from twintowns.lib.tables import read_table

pytestmark = pytest.mark.usefixtures("gazetteer")

COORDINATES = """city1,country1,lat1,lng1,city2,country2,lat2,lng2
Frankfurt,Germany,52.3471,14.5506,Kutaisi,Georgia,42.2679,42.6946
Frankfurt,Germany,50.1155,8.6842,Istanbul,Turkey,41.0138,28.9497
Portland,United States,43.6615,-70.2553,Ankara,Turkey,39.9199,32.8543
Portland,United States,,,Seoul,South Korea,,
Frankfurt,Germany,,,Moscow,Russia,,
"""


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def test_coordinates_choose_the_nearest_place_of_that_name(tmp_path: Path) -> None:
    run_import(write(tmp_path, "geo.csv", COORDINATES), "--source", "geo")

    pairs = geonameid_pairs()
    assert _pair(FRANKFURT_ODER, 613607) in pairs  # Kutaisi: the Oder town, by its coordinates
    assert _pair(FRANKFURT_MAIN, ISTANBUL) in pairs
    assert _pair(PORTLAND_MAINE, ANKARA) in pairs
    # Without coordinates the name decides: Frankfurt am Main is ten times the size of the
    # other; the two Portlands are not, so that row is left out as ambiguous.
    assert _pair(FRANKFURT_MAIN, MOSCOW) in pairs
    assert len(pairs) == 4
    assert not any(PORTLAND_OREGON in pair for pair in pairs)
    report = DirectorySource.objects.get().report
    assert (report["names_by_coordinates"], report["names_largest_of"]) == (2, 1)
    assert list(UnresolvedName.objects.values_list("city", "outcome", "candidates")) == [
        ("Portland", "ambiguous", 2)
    ]


def test_an_unreadable_coordinate_names_its_row_field_and_value(tmp_path: Path) -> None:
    text = COORDINATES.replace("43.6615,-70.2553", "43.6615,west")
    run_import(write(tmp_path, "geo.csv", text), "--source", "geo")
    report = DirectorySource.objects.get().report
    assert (report["rows_invalid"], report["invalid"]) == (
        1,
        [{"row": 4, "field": "lng1", "value": "west", "reason": "coordinates"}],
    )
    assert Twinning.objects.count() == 3


def test_the_wikidata_query_service_csv_is_read(tmp_path: Path) -> None:
    run_import(SAMPLES / "wikidata-ankara-p190.csv", "--source", "wikidata")

    assert geonameid_pairs() == {
        _pair(ANKARA, other) for other in (TBILISI, SEOUL, MOSCOW, BEIJING, KYIV, BUDAPEST, SOFIA)
    }
    report = DirectorySource.objects.get().report
    assert (report["rows_in"], report["duplicates_merged"], report["rows_unmatched"]) == (11, 2, 2)
    assert report["countries_normalised"] == [
        {
            "written": "People's Republic of China",
            "code": "CN",
            "name": "China",
            "how": "alias",
            "rows": 1,
        }
    ]
    # Islamabad and Khartoum are not among the places this test loads.
    assert set(UnresolvedName.objects.values_list("city", "country", "outcome")) == {
        ("Islamabad", "Pakistan", "unknown"),
        ("Khartoum", "Sudan", "unknown"),
    }


def test_the_wikidata_tsv_with_rdf_terms_is_read(tmp_path: Path) -> None:
    ankara = (
        '<http://www.wikidata.org/entity/Q3640>\t"Ankara"@en\t"Turkey"@en\t'
        '"Point(32.854166666 39.9275)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'
    )
    text = (
        "?item\t?itemLabel\t?countryLabel\t?coord\t?twin\t?twinLabel\n"
        f'{ankara}\t<http://www.wikidata.org/entity/Q994>\t"Tbilisi"@en\n'
        f'{ankara}\t<http://www.wikidata.org/entity/Q1234567>\t"Q1234567"\n'
    )
    run_import(write(tmp_path, "query.tsv", text), "--source", "wikidata")
    assert geonameid_pairs() == {_pair(ANKARA, TBILISI)}
    assert list(UnresolvedName.objects.values_list("city", "country", "outcome")) == [
        ("Q1234567", "", "unknown")
    ]


def test_any_table_is_read_through_a_column_mapping(tmp_path: Path) -> None:
    text = (
        "Şehir;Ülke;Kardeş şehir;Kardeş ülke;Not\n"
        "Ankara;Türkiye;Sofya;Bulgaristan;1994\n"
        "İstanbul;Türkiye;Seul;Güney Kore;\n"
    )
    run_import(
        write(tmp_path, "kardes.csv", text),
        "--map",
        "Şehir=city1",
        "--map",
        "Ülke=country1",
        "--map",
        "Kardeş şehir=city2",
        "--map",
        "Kardeş ülke=country2",
    )
    assert geonameid_pairs() == {_pair(ANKARA, SOFIA), _pair(ISTANBUL, SEOUL)}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            "Şehir=town",
            "“town” is not a field; use one of city1, country1, lat1, lng1, city2, country2, "
            "lat2, lng2, point1, point2.",
        ),
        ("City=city1", "The file has no column “City”; it has Şehir, Kardeş şehir."),
        ("Şehir", "--map takes COLUMN=FIELD, not “Şehir”."),
    ],
)
def test_a_wrong_mapping_is_refused_by_name(tmp_path: Path, mapping: str, message: str) -> None:
    path = write(tmp_path, "kardes.csv", "Şehir,Kardeş şehir\nAnkara,Sofya\n")
    with pytest.raises(CommandError) as error:
        run_import(path, "--map", mapping, "--map", "Kardeş şehir=city2")
    assert str(error.value) == message
    assert DirectorySource.objects.count() == 0


def test_a_mapping_changes_only_what_it_names_in_a_recognised_layout(tmp_path: Path) -> None:
    text = "city1,country1,city2,country2,region2\nAnkara,Turkey,Tbilisi,,Georgia\n"
    run_import(write(tmp_path, "t.csv", text), "--map", "region2=country2")
    assert geonameid_pairs() == {_pair(ANKARA, TBILISI)}


def test_the_shipped_file_is_read_whole_in_the_layout_with_coordinates() -> None:
    shipped = SAMPLES.parent / "twin-towns-wikipedia.csv"
    with shipped.open("rb") as stream:
        table = read_table(shipped.name, stream, BOUNDS)
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert column_mapping(table.headers) == {name: name for name in FIELDS}
    assert (len(table.rows), table.encoding, table.cell_errors) == (25917, "UTF-8", ())
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() in readme
