"""Every CSV and XLSX file the project writes is written here, so that no cell runs as a formula.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before them) as a
formula: `=HYPERLINK(...)` in a partner's name becomes a live link in the office's Excel (CSV
injection, OWASP). So:

- in CSV, a text cell that starts so gets a leading apostrophe, which spreadsheets read as
  "this is text"; numbers stay numbers (a count of -3 is still -3);
- in XLSX, text is written as a string cell, never as a formula, a number or a link; one that
  starts like a formula also carries Excel's quote prefix, so that it shows without an
  apostrophe and stays text when someone edits the cell.

tests/lib/test_spreadsheets.py fails when another module writes CSV or XLSX by itself.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, Protocol

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

type Number = int | float | Decimal


class _TextStream(Protocol):
    def write(self, text: str, /) -> Any: ...


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def defused(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe stops a formula from running."""
    return f"'{text}" if looks_like_formula(text) else text


def csv_cell(value: object) -> str | Number:
    """A value as a CSV cell: numbers as they are, dates in ISO 8601, anything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int: True stays True
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return defused(str(value))


class CsvWriter:
    """`csv.writer` over a text stream, each cell through `csv_cell`."""

    def __init__(self, stream: _TextStream, **fmtparams: Any) -> None:
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class CsvDictWriter:
    """`csv.DictWriter`'s use here: a header of field names, then one mapping a row."""

    def __init__(self, stream: _TextStream, fieldnames: Sequence[str]) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = CsvWriter(stream)

    def writeheader(self) -> None:
        self._writer.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, object]) -> None:
        unknown = set(row) - set(self.fieldnames)
        if unknown:
            raise ValueError(f"fields not in the header: {', '.join(sorted(unknown))}")
        self._writer.writerow([row.get(name, "") for name in self.fieldnames])


class XlsxWriter:
    """A workbook of one sheet, written row by row to `target` (XlsxWriter's constant-memory
    mode: each row goes to disk as it is written). `close()` finishes the file."""

    def __init__(self, target: IO[bytes], title: str, widths: Sequence[int] = ()) -> None:
        self._workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self._sheet = self._workbook.add_worksheet(title[:31])  # Excel's longest sheet name
        for number, width in enumerate(widths):
            self._sheet.set_column(number, number, width)
        self._formats = {
            (bold, quoted): self._workbook.add_format({"bold": bold, "quote_prefix": quoted})
            for bold, quoted in [(True, False), (True, True), (False, True)]
        }
        self._line = 0

    def header(self, cells: Iterable[object]) -> None:
        """A bold first row that stays in view as the reader scrolls."""
        self.writerow(cells, bold=True)
        self._sheet.freeze_panes(self._line, 0)

    def writerow(self, cells: Iterable[object], bold: bool = False) -> None:
        for number, value in enumerate(cells):
            self._write(number, value, bold)
        self._line += 1

    def close(self) -> None:
        self._workbook.close()

    def _write(self, column: int, value: object, bold: bool) -> None:
        if value is None or value == "":  # no cell at all for an empty one
            return
        line = self._line
        if isinstance(value, bool):
            self._sheet.write_boolean(line, column, value, self._format(bold))
        elif isinstance(value, int | float | Decimal):
            self._sheet.write_number(line, column, value, self._format(bold))
        elif isinstance(value, dt.date):  # in the workbook's date format, never bold
            self._sheet.write_datetime(line, column, value)
        else:
            text = str(value)
            quoted = looks_like_formula(text)
            self._sheet.write_string(line, column, text, self._format(bold, quoted))

    def _format(self, bold: bool, quoted: bool = False) -> Any:
        return self._formats.get((bold, quoted))  # None: the default
