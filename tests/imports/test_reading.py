"""Malformed files each get a clear message and change nothing."""

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from tests.imports.helpers import check, run, write
from twintowns.authorities.models import Authority
from twintowns.imports.reading import read_table
from twintowns.lib.tables import UnreadableFile
from twintowns.partnerships.models import Partnership


def _read(name: str, data: bytes) -> Any:
    return read_table(name, io.BytesIO(data), len(data))


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_utf8_with_bom_and_tabs_are_read() -> None:
    table = _read("p.tsv", "\ufeffŞehir\tÜlke\nIğdır\tTürkiye\n".encode())
    assert (table.headers, table.rows, table.encoding) == (
        ["Şehir", "Ülke"],
        [["Iğdır", "Türkiye"]],
        "UTF-8 (BOM)",
    )


def test_a_turkish_windows_file_is_read_as_cp1254_and_says_so() -> None:
    table = _read("p.csv", "Kardeş şehir;Ülke\nŞanlıurfa;Türkiye\nIğdır;Türkiye\n".encode("cp1254"))
    assert table.encoding == "Windows-1254 / ISO-8859-9"
    assert table.rows == [["Şanlıurfa", "Türkiye"], ["Iğdır", "Türkiye"]]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("p.csv", b"", "The file is empty."),
        ("p.csv", b"  \n\n", "The file is empty."),
        ("p.csv", b"City,Country\n", "The file has a header row but no rows under it."),
        ("p.xlsx", b"PK\x03\x04 not really a workbook", "could not be opened as an XLSX workbook"),
        (
            "p.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "The file is a PNG file, not a table",
        ),
        ("p.pdf", b"%PDF-1.4", "is not a spreadsheet this import reads"),
    ],
)
def test_unreadable_files_get_a_clear_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile) as error:
        _read(name, data)
    assert message in str(error.value)


def test_a_file_over_the_limit_is_refused(settings: Any) -> None:
    settings.TWINTOWNS_IMPORT_MAX_MB = 1
    data = b"City,Country\n" + b"Seoul,KR\n" * 120_000
    with pytest.raises(UnreadableFile) as error:
        _read("big.csv", data)
    assert (
        str(error.value) == "“big.csv” is 1.0\xa0MB; the largest file an import takes is 1.0\xa0MB."
    )


def test_a_header_only_xlsx_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="header row but no rows"):
        _read("p.xlsx", _xlsx([["City", "Country"]]))


def test_xlsx_dates_numbers_and_saved_formula_values_are_read() -> None:
    table = _read(
        "p.xlsx", _xlsx([["City", "Signed", "Year"], ["Seoul", dt.date(1971, 11, 18), 2006]])
    )
    assert table.rows == [["Seoul", "18.11.1971", "2006"]]


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(
    authority: Authority, tmp_path: Path
) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(_xlsx([["City", "Country"], ["Seoul", "KR"], ["=A2", "KR"]]))
    plan = check(path, authority)
    assert [(e["row"], e["column"], e["value"]) for e in plan.errors] == [(3, "City", "=A2")]
    assert "Cell A3 holds a formula without a saved value" in plan.errors[0]["message"]


def test_a_csv_formula_is_refused(
    authority: Authority, editor: object, tmp_path: Path, snapshot: Callable[[], dict[str, int]]
) -> None:
    before = snapshot()
    plan = run(write(tmp_path, "p.csv", "City,Notes\nSeoul,=HYPERLINK(1)\n"), authority, editor)
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in plan.errors] == [
        (2, "Notes", "=HYPERLINK(1)", "A formula is not taken here.")
    ]
    assert snapshot() == before
    assert Partnership.objects.count() == 0


CORPUS = Path(__file__).parent / "corpus"


def _corpus(name: str) -> Any:
    with (CORPUS / name).open("rb") as stream:
        return read_table(name, stream)


def test_a_two_row_turkish_windows_file_is_read_as_turkish_not_as_a_guess() -> None:
    table = _corpus("cp1254-two-rows.csv")  # the detector alone says GB18030
    assert (table.headers, table.rows, table.encoding) == (
        ["şehir", "ülke", "tür"],
        [["Gence", "Azerbaycan", "ikizlik"]],
        "Windows-1254 / ISO-8859-9",
    )


def test_a_short_iso_8859_9_file_is_read_as_turkish() -> None:
    table = _corpus("iso8859-9.csv")
    assert (table.headers, table.rows) == (
        ["Şehir", "Ülke", "İmza"],
        [["Iğdır", "Türkiye", "2019'da"]],
    )


def test_a_russian_windows_file_the_detector_is_sure_of_is_read_as_russian() -> None:
    text = "Город,Страна,Примечание\n" + "Казань,Россия,город на Волге и столица Татарстана\n" * 5
    table = _read("p.csv", text.encode("cp1251"))
    assert (table.headers, table.rows[0], table.encoding) == (
        ["Город", "Страна", "Примечание"],
        ["Казань", "Россия", "город на Волге и столица Татарстана"],
        "CP1251",
    )


def test_utf16_without_a_byte_order_mark_is_read() -> None:
    table = _read("p.csv", "City,Country\nSeoul,South Korea\n".encode("utf-16-le"))
    assert (table.headers, table.rows) == (["City", "Country"], [["Seoul", "South Korea"]])


def test_a_formula_whose_saved_text_is_marked_as_a_number_is_read_by_that_text() -> None:
    table = _corpus("formula-cached-text.xlsx")  # openpyxl alone raises ValueError on row 2
    assert (table.rows[:2], table.row_numbers) == (
        [["Seoul", "South Korea"], ["Seoul", "South Korea"]],
        [2, 3, 4],
    )


def test_columns_without_a_header_are_named_by_their_letter_and_kept() -> None:
    table = _read("p.csv", b"City,,Country\nSeoul,x,South Korea,y\n")
    assert (table.headers, table.rows) == (
        ["City", "(B)", "Country", "(D)"],
        [["Seoul", "x", "South Korea", "y"]],
    )


def test_trailing_empty_columns_and_rows_are_left_out() -> None:
    table = _read("p.csv", b"City,Country,,,\nSeoul,South Korea,,,\n,,,,\n")
    assert (table.headers, table.rows) == (["City", "Country"], [["Seoul", "South Korea"]])


def test_inline_text_with_runs_of_formatting_is_read_whole() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["City", "Notes"])
    bold = TextBlock(InlineFont(b=True), "bold")
    sheet.append(["Seoul", CellRichText(["plain ", bold, " end"])])
    out = io.BytesIO()
    workbook.save(out)
    assert _read("p.xlsx", out.getvalue()).rows == [["Seoul", "plain bold end"]]


def test_a_nul_in_a_header_or_cell_is_refused_and_kept_only_as_shown() -> None:
    table = _read("p.csv", b"City\x00,Country\nSe\x00oul,South Korea\n")
    assert (table.headers, table.rows, [e[:3] for e in table.cell_errors]) == (
        ["City␀", "Country"],
        [["Se␀oul", "South Korea"]],
        [(1, "City␀", "City␀"), (2, "City␀", "Se␀oul")],
    )
