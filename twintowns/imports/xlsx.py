"""The first sheet of an XLSX workbook, row by row, by the values Excel saved with its cells.

An XLSX file is a zip of XML files: the sizes its members declare are checked before anything
is unpacked (a zip bomb of a few hundred kilobytes unpacks to gigabytes; Python's zipfile
stops a member at its declared size), then the sheet is streamed by openpyxl's read-only
parser, one row at a time, so the caller can stop at its row limit.

openpyxl's parser is used through a subclass (`_SavedValues`) for two things its public API
cannot do in one pass: tell a formula without a saved value from an empty cell, and keep as
text a saved value that the file marks as a number but is not one (some programs write a
formula's text result that way; openpyxl raises ValueError on it). It relies on openpyxl
3.1's `WorkSheetParser` and the read-only worksheet's source and shared strings, pinned in
pyproject.toml and pinned here by tests/imports/test_reading.py.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

# Errors a damaged workbook raises from openpyxl, zipfile and the XML parser (defusedxml's
# refusals of entities are ValueErrors; a malformed XML document raises a SyntaxError).
BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    OSError,
    EOFError,
    SyntaxError,
)


class BrokenWorkbook(Exception):
    """The workbook cannot be read; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Formula:
    """A formula cell without a value saved with it: its text, to name it in the message."""

    text: str


def check_unpacked_size(data: bytes, limit: int) -> None:
    """Refuse a workbook whose members declare more than `limit` bytes once unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise BrokenWorkbook(
            _("The file could not be opened as an XLSX workbook (%(error)s).") % {"error": error}
        ) from error
    if unpacked > limit:
        raise BrokenWorkbook(
            _(
                "The workbook unpacks to %(unpacked)s (%(packed)s packed); an import takes "
                "workbooks that unpack to at most %(limit)s. Save the sheet as CSV, or split it."
            )
            % {
                "unpacked": filesizeformat(unpacked),
                "packed": filesizeformat(len(data)),
                "limit": filesizeformat(limit),
            }
        )


def sheet_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, one row at a time; cells by column, from A."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BROKEN as error:
        raise BrokenWorkbook(
            _("The file could not be opened as an XLSX workbook (%(error)s).") % {"error": error}
        ) from error
    try:
        if not workbook.worksheets:
            raise BrokenWorkbook(_("The workbook has no sheet."))
        yield from _rows(workbook, workbook.worksheets[0])
    finally:
        workbook.close()


def _rows(workbook: Any, sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    source = sheet._get_source()
    parser = _SavedValues(
        source,
        sheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    number = 0
    try:
        for number, cells in parser.parse():
            yield number, _by_column(cells)
    except BROKEN as error:
        if number:
            message = _(
                "The sheet could not be read past row %(row)s (%(error)s): open it in a "
                "spreadsheet, save it again and try again."
            ) % {"row": number, "error": error}
        else:
            message = _(
                "The sheet could not be read (%(error)s): open it in a spreadsheet, save it "
                "again and try again."
            ) % {"error": error}
        raise BrokenWorkbook(message) from error
    finally:
        source.close()


def _by_column(cells: list[dict[str, Any]]) -> list[Any]:
    """The row's values in column order, empty columns as None, up to its last value."""
    values = {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}
    if not values:
        return []
    return [values.get(column) for column in range(1, max(values) + 1)]


class _SavedValues(WorkSheetParser):
    """openpyxl's parser with the saved values: text kept as text, formulas without one marked."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            cell = super().parse_cell(element)
        except ValueError:  # a saved value the file calls a number but is text
            row, column = self._position(element)
            cell = {"row": row, "column": column, "value": element.findtext(VALUE_TAG)}
        formula = element.find(FORMULA_TAG)
        if cell["value"] is None and formula is not None:
            cell["value"] = Formula("=" + (formula.text or ""))
        return cell

    def _position(self, element: Any) -> tuple[int, int]:
        coordinate = element.get("r")
        if coordinate:
            return coordinate_to_tuple(coordinate)
        return self.row_counter, self.col_counter


def cell_name(row: int, column: int) -> str:
    """A cell as a spreadsheet names it: column 1 of row 3 is A3."""
    return f"{get_column_letter(column)}{row}"
