"""The first sheet of an XLSX workbook, row by row, by the values Excel saved with its cells.

An XLSX file is a zip of XML files: the sizes its members declare are checked before anything
is unpacked (a zip bomb of a few hundred kilobytes unpacks to gigabytes; Python's zipfile
stops a member at its declared size), then the sheet is streamed by openpyxl's read-only
parser, one row at a time, so the caller can stop at its row limit.

openpyxl's parser is used through a subclass (`_SavedValues`) for two things its public API
cannot do in one pass: tell a formula without a saved value from an empty cell, and keep as
text a saved value that the file marks as a number but is not one (some programs write a
formula's text result that way; openpyxl raises ValueError on it). The workbook's parts are
read with openpyxl's `ExcelReader` step by step, leaving out its read-only worksheets, which
parse a whole sheet once just to size it when the file does not say its size (17 s for a
million rows). It relies on openpyxl 3.1's `ExcelReader` and `WorkSheetParser`, pinned in
pyproject.toml and by tests/imports/test_reading.py and test_bounds.py.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

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


_T = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"


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
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # which number formats are dates
        path = _first_sheet(reader)
    except BROKEN as error:
        raise BrokenWorkbook(
            _("The file could not be opened as an XLSX workbook (%(error)s).") % {"error": error}
        ) from error
    try:
        yield from _rows(reader, path)
    finally:
        reader.archive.close()


def _first_sheet(reader: Any) -> str:
    """The first worksheet's member. Not through openpyxl's read-only workbook: it reads
    every sheet through once to size it, unless the file states its size (not all do)."""
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return str(rel.target)
    raise BrokenWorkbook(_("The workbook has no sheet."))


def _rows(reader: Any, path: str) -> Iterator[tuple[int, list[Any]]]:
    source = reader.archive.open(path)
    parser = _SavedValues(
        source,
        reader.shared_strings,
        data_only=True,
        epoch=reader.wb.epoch,
        date_formats=reader.wb._date_formats,
        timedelta_formats=reader.wb._timedelta_formats,
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
        if element.get("t") == "inlineStr":  # openpyxl's own way builds an object a cell
            return self._inline_text(element)
        try:
            cell = super().parse_cell(element)
        except ValueError:  # a saved value the file calls a number but is text
            row, column = self._position(element)
            cell = {"row": row, "column": column, "value": element.findtext(VALUE_TAG)}
        formula = element.find(FORMULA_TAG)
        if cell["value"] is None and formula is not None:
            cell["value"] = Formula("=" + (formula.text or ""))
        return cell

    def _inline_text(self, element: Any) -> dict[str, Any]:
        """An inline string cell: its plain text and its runs' text, as openpyxl's Text.content."""
        coordinate = element.get("r")
        if coordinate:
            row, self.col_counter = coordinate_to_tuple(coordinate)
        else:
            self.col_counter += 1
            row = self.row_counter
        text = element.find(INLINE_STRING)
        value = None
        if text is not None:
            runs = [run.findtext(_T) for run in text.iterfind(_RUN)]
            value = "".join(part or "" for part in [text.findtext(_T), *runs])
        return {"row": row, "column": self.col_counter, "value": value}

    def _position(self, element: Any) -> tuple[int, int]:
        coordinate = element.get("r")
        if coordinate:
            return coordinate_to_tuple(coordinate)
        return self.row_counter, self.col_counter


def cell_name(row: int, column: int) -> str:
    """A cell as a spreadsheet names it: column 1 of row 3 is A3."""
    return f"{get_column_letter(column)}{row}"
