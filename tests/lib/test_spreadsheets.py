"""The guarded writer of every CSV and XLSX, and a search for modules that write one without it."""

import ast
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import twintowns
from twintowns.lib.spreadsheets import CsvDictWriter, CsvWriter, XlsxWriter

SOURCE = Path(twintowns.__file__).parent
GUARD = SOURCE / "lib" / "spreadsheets.py"

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

# Module, then names in it that write CSV or XLSX.
WRITERS = {
    "csv": {"writer", "DictWriter"},
    "xlsxwriter": {"*"},
    "openpyxl": {"Workbook", "workbook", "writer", "WriteOnlyCell"},
    "openpyxl.workbook": {"*"},
    "openpyxl.writer": {"*"},
    "openpyxl.cell": {"WriteOnlyCell"},
    "pandas": {"*"},
}


def spreadsheet_writes(source: str) -> list[str]:
    """Each place in `source` that writes CSV or XLSX with a library, not the guarded writer."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name
                if _writes(alias.name, "*"):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if _writes(node.module, alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in ("to_csv", "to_excel"):  # pandas
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node.value, ast.Name) and _writes(aliases.get(node.value.id), node.attr):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def _writes(module: str | None, name: str) -> bool:
    names = WRITERS.get(module or "", set())
    return "*" in names or name in names


def test_no_module_writes_csv_or_xlsx_but_through_the_guarded_writer() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): spreadsheet_writes(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.rglob("*.py"))
        if path != GUARD
    }

    assert {path: lines for path, lines in offenders.items() if lines} == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import csv\ncsv.writer(f).writerow(row)", ["line 2: csv.writer"]),
        ("import csv as c\nw = c.DictWriter(f, names)", ["line 2: c.DictWriter"]),
        ("from csv import writer", ["line 1: from csv import writer"]),
        ("import xlsxwriter\n", ["line 1: import xlsxwriter"]),
        ("from openpyxl import Workbook", ["line 1: from openpyxl import Workbook"]),
        ("import openpyxl\nopenpyxl.Workbook()", ["line 2: openpyxl.Workbook"]),
        ("frame.to_csv(path)", ["line 1: .to_csv"]),
        ("import csv\nfrom openpyxl import load_workbook\ncsv.reader(f)", []),
    ],
)
def test_the_search_finds_each_way_of_writing_a_spreadsheet(source: str, expected: list) -> None:
    assert spreadsheet_writes(source) == expected


def _csv(rows: list[list[object]]) -> list[list[str]]:
    buffer = io.StringIO()
    CsvWriter(buffer).writerows(rows)
    return list(csv.reader(io.StringIO(buffer.getvalue())))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_cell_that_would_run_as_a_formula_starts_with_an_apostrophe(value: str) -> None:
    assert _csv([["Ankara", value]]) == [["Ankara", f"'{value}"]]


def test_csv_numbers_stay_numbers_and_dates_are_iso() -> None:
    rows = [[-3, -2.5, Decimal("-12500.00"), dt.date(2006, 5, 1), None, "a-b", "Seoul"]]

    assert _csv(rows) == [["-3", "-2.5", "-12500.00", "2006-05-01", "", "a-b", "Seoul"]]


def test_the_dict_writer_defuses_its_cells_and_refuses_an_unknown_field() -> None:
    buffer = io.StringIO()
    writer = CsvDictWriter(buffer, ["page", "ms"])
    writer.writeheader()
    writer.writerow({"page": "=cmd|' /C calc'!A0", "ms": 12})

    assert buffer.getvalue().splitlines() == ["page,ms", "'=cmd|' /C calc'!A0,12"]
    with pytest.raises(ValueError, match="fields not in the header: note"):
        writer.writerow({"page": "home", "note": "x"})


def test_xlsx_text_that_looks_like_a_formula_is_a_string_with_the_quote_prefix() -> None:
    target = io.BytesIO()
    writer = XlsxWriter(target, "Sheet", widths=[20, 20])
    writer.header(["Name", "Count"])
    for value in HOSTILE:
        writer.writerow([value, -3])
    writer.writerow(["Seoul", Decimal("12500.50")])
    writer.close()

    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    cells = [(c.value, c.data_type, c.quotePrefix) for row in sheet.iter_rows() for c in row]
    # XLSX stores a carriage return as "_x000D_", which Excel reads back and openpyxl does not.
    shown = [value.replace("\r", "_x000D_") for value in HOSTILE]
    assert cells[2::2] == [*[(v, "s", True) for v in shown], ("Seoul", "s", False)]
    assert [c[:2] for c in cells[3::2]] == [(-3, "n")] * len(HOSTILE) + [(12500.5, "n")]
    assert sheet.freeze_panes == "A2"
