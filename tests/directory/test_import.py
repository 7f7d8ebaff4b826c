"""`twintowns directory import` on small hand-written files against real GeoNames rows."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as DjangoSettings

from tests.directory.conftest import (
    ANKARA,
    ATHENS,
    CARDIFF,
    EDINBURGH,
    FRANKFURT_ODER,
    KUTAISI,
    SOFIA,
    TBILISI,
    VARNA,
    geonameid_pairs,
    run_import,
    write,
)
from twintowns.directory.models import DirectorySource, Twinning, UnresolvedName

pytestmark = pytest.mark.usefixtures("gazetteer")

# Every defect the Wikipedia lists' README names, each on one real row (or one made to match).
WIKIPEDIA = """city1,country1,city2,country2
Ankara,Turkey,Tbilisi,Georgia (country)
Tbilisi,Georgia,Ankara,Turkey
Ankara,Turkey,Athens,Grece
Cardiff,Wales,Edinburgh,Scotland
Frankfurt (Oder),"Brandenburg, Germany",Kutaisi,Georgia
Nienburg,Germany,Nienburg,Germany
Ankara,Turkey,,
Sofia,Bulgaria,"Varna, Bulgaria",
Ankara,Turkey,Atlantis,Greece
Portland,United States,Ankara,Turkey
Seoul,Narnia,Ankara,Turkey
"""


def _unresolved() -> set[tuple[str, str, str, int, int]]:
    return set(
        UnresolvedName.objects.values_list("city", "country", "outcome", "rows", "candidates")
    )


def test_every_defect_of_the_wikipedia_lists_is_handled(tmp_path: Path) -> None:
    output = run_import(write(tmp_path, "twins.csv", WIKIPEDIA), "--source", "wikipedia")

    assert geonameid_pairs() == {
        tuple(sorted(pair))
        for pair in [
            (ANKARA, TBILISI),
            (ANKARA, ATHENS),
            (CARDIFF, EDINBURGH),
            (FRANKFURT_ODER, KUTAISI),
            (SOFIA, VARNA),
        ]
    }
    report = DirectorySource.objects.get(name="wikipedia").report
    counts = {key: value for key, value in report.items() if isinstance(value, int)}
    assert counts == {
        "rows_in": 11,
        "rows_invalid": 1,
        "self_loops": 1,
        "duplicates_merged": 1,
        "rows_matched": 6,
        "pairs_matched": 5,
        "rows_unresolved": 3,
        "names_by_coordinates": 0,
        "names_largest_of": 0,
        "names_ambiguous": 1,
        "rows_ambiguous": 1,
        "names_unmatched": 2,
        "rows_unmatched": 2,
        "countries_from_city": 1,
        "twinnings_created": 5,
        "twinnings_already": 0,
        "twinnings_removed": 0,
        "names_outside_region": 0,
        "names_unknown_region": 0,
        "matching": 2,
    }
    assert report["invalid"] == [{"row": 8, "field": "city2", "value": "", "reason": "empty"}]
    assert report["countries_normalised"] == [
        {
            "written": "Brandenburg, Germany",
            "code": "DE",
            "name": "Brandenburg, Germany",
            "how": "region",
            "rows": 1,
        },
        {
            "written": "Georgia (country)",
            "code": "GE",
            "name": "Georgia",
            "how": "alias",
            "rows": 1,
        },
        {"written": "Grece", "code": "GR", "name": "Greece", "how": "typo", "rows": 1},
        {"written": "Scotland", "code": "GB", "name": "United Kingdom", "how": "alias", "rows": 1},
        {"written": "Wales", "code": "GB", "name": "United Kingdom", "how": "alias", "rows": 1},
    ]
    assert report["countries_unknown"] == [{"written": "Narnia", "rows": 1}]
    assert _unresolved() == {
        ("Portland", "United States", "ambiguous", 1, 2),
        ("Atlantis", "Greece", "unknown", 1, 0),
        ("Seoul", "Narnia", "unknown_country", 1, 0),
    }
    assert "Twinnings created: 5, already there: 0, removed: 0" in output
    assert (
        "Names unmatched: 2 (2 rows)\n"
        "Countries normalised: Brandenburg, Germany -> Brandenburg, Germany (region) (1), "
        "Georgia (country) -> Georgia (1), Grece -> Greece (typo) (1), Scotland -> United Kingdom "
        "(1), Wales -> United Kingdom (1)\n"
        "Cities read with the region after their comma: none\n"
        "Cities whose text after the comma is no region, read past: none\n"
        "Countries not recognised: Narnia (1)\n"
        "Twinnings created: 5, already there: 0, removed: 0\n"
        "  Atlantis, Greece: unknown, 1 rows\n"
        "  Portland, United States: ambiguous, 1 rows\n"
        "  Seoul, Narnia: unknown_country, 1 rows\n"
        "Source “wikipedia”: 11 rows in "
    ) in output


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "twins.csv", WIKIPEDIA)
    run_import(path, "--source", "wikipedia")
    twinnings = set(Twinning.objects.values_list("pk", "place_a", "place_b"))
    names = set(UnresolvedName.objects.values_list("pk", "city", "rows"))

    output = run_import(path, "--source", "wikipedia")

    assert set(Twinning.objects.values_list("pk", "place_a", "place_b")) == twinnings
    assert set(UnresolvedName.objects.values_list("pk", "city", "rows")) == names
    assert Twinning.sources.through.objects.count() == 5
    report = DirectorySource.objects.get().report
    assert (report["twinnings_created"], report["twinnings_already"]) == (0, 5)
    assert "Twinnings created: 0, already there: 5, removed: 0" in output


def test_skip_if_loaded_skips_the_same_file_only(tmp_path: Path) -> None:
    path = write(tmp_path, "twins.csv", WIKIPEDIA)
    run_import(path, "--source", "wikipedia", "--skip-if-loaded")
    imported_at = DirectorySource.objects.get().imported_at

    output = run_import(path, "--source", "wikipedia", "--skip-if-loaded")

    assert output == "The source “wikipedia” already holds this file; skipped.\n"
    assert DirectorySource.objects.get().imported_at == imported_at
    write(tmp_path, "twins.csv", "city1,country1,city2,country2\nAnkara,Turkey,Sofia,Bulgaria\n")
    run_import(path, "--source", "wikipedia", "--skip-if-loaded", "--replace")
    assert geonameid_pairs() == {(ANKARA, SOFIA)}


def test_a_new_version_of_a_source_drops_what_it_no_longer_lists(tmp_path: Path) -> None:
    run_import(write(tmp_path, "a.csv", WIKIPEDIA), "--source", "wikipedia")
    run_import(
        write(tmp_path, "b.csv", "city1,country1,city2,country2\nAnkara,Turkey,Sofia,Bulgaria\n"),
        "--source",
        "other",
    )
    smaller = "city1,country1,city2,country2\nAnkara,Turkey,Tbilisi,Georgia\n"

    run_import(write(tmp_path, "a.csv", smaller), "--source", "wikipedia", "--replace")

    assert geonameid_pairs() == {(ANKARA, TBILISI), (ANKARA, SOFIA)}
    assert DirectorySource.objects.get(name="wikipedia").report["twinnings_removed"] == 4
    assert UnresolvedName.objects.count() == 0


def test_the_source_is_named_after_the_file_by_default(tmp_path: Path) -> None:
    run_import(write(tmp_path, "Twin Cities 2026.csv", WIKIPEDIA))
    source = DirectorySource.objects.get()
    assert (source.name, source.file_name, len(source.sha256)) == (
        "twin-cities-2026",
        "Twin Cities 2026.csv",
        64,
    )


def test_a_file_without_recognisable_columns_writes_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.csv", "Şehir,Ülke,Kardeş,Kardeş ülke\nAnkara,Türkiye,Sofya,Bulgaristan\n"
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == (
        "The columns of the two places were not recognised: name them with --map COLUMN=city1 "
        "--map COLUMN=city2 (the file has Şehir, Ülke, Kardeş, Kardeş ülke)."
    )
    assert (DirectorySource.objects.count(), Twinning.objects.count()) == (0, 0)


def test_an_unreadable_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, "t.pdf", "%PDF-1.7"))
    assert (
        str(error.value) == "“t.pdf” is not a spreadsheet this import reads: use CSV, TSV or XLSX."
    )
    assert DirectorySource.objects.count() == 0


def test_a_source_name_that_is_not_a_slug_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, "t.csv", WIKIPEDIA), "--source", "Wikipedia 2026")
    assert str(error.value) == (
        "A source is named in lower-case letters, digits and hyphens: “Wikipedia 2026”."
    )
    assert DirectorySource.objects.count() == 0


def test_the_directory_reads_within_its_own_bounds_not_the_office_imports(
    tmp_path: Path, settings: DjangoSettings
) -> None:
    settings.TWINTOWNS_IMPORT_MAX_ROWS = 1
    settings.TWINTOWNS_IMPORT_MAX_COLUMNS = 3
    text = (
        "city1,country1,city2,country2\n"
        "Ankara,Turkey,Tbilisi,Georgia\n"
        "Sofia,Bulgaria,Varna,Bulgaria\n"
    )

    run_import(write(tmp_path, "twins.csv", text))

    assert geonameid_pairs() == {tuple(sorted(p)) for p in [(ANKARA, TBILISI), (SOFIA, VARNA)]}


def test_a_row_past_the_directorys_bounds_is_refused_by_its_number(tmp_path: Path) -> None:
    wide = ",".join(["city1", "country1", "city2", "country2", *map(str, range(97))])
    path = write(tmp_path, "wide.csv", f"city1,country1,city2,country2\n{wide}\n")

    with pytest.raises(CommandError) as error:
        run_import(path)

    assert str(error.value) == "Row 2 has 101 columns; an import takes at most 100."
    assert DirectorySource.objects.count() == 0
