"""Tables written out as files: CSV streamed row by row, XLSX in openpyxl's write-only mode.

Both read the same `Table`, so a column is defined once for every format.
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

type Cell = str | int | float | Decimal | dt.date | None

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column[T]:
    header: "StrOrPromise"
    value: Callable[[T], Cell]
    width: int = 14  # in characters, for the spreadsheet; long texts wrap past it


@dataclass(frozen=True)
class Table[T]:
    """A list as a spreadsheet: its file name, its sheet title and its columns."""

    name: str
    title: "StrOrPromise"
    columns: tuple[Column[T], ...]

    def header(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def cells(self, row: T) -> list[Cell]:
        return [column.value(row) for column in self.columns]


def defused(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe stops a formula from running."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Cell) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return defused(value)
    return value


class _Echo:
    """A file that hands back what is written to it, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines[T](table: Table[T], rows: Iterable[T]) -> Iterator[str]:
    """The table as CSV lines, the first with a BOM so spreadsheets read ş, ğ and İ as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(table.header())
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in table.cells(row)])


def csv_response[T](table: Table[T], rows: Iterable[T], filename: str) -> StreamingHttpResponse:
    """CSV streamed as the rows are read, in the language of the request that asked for it."""
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # The body is written after the view has returned: keep the request's language.
        with translation.override(language):
            yield from csv_lines(table, rows)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _header_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> Any:
    if isinstance(value, str) and value.startswith("="):
        # openpyxl stores text starting with "=" as a formula; store it as the text it is.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if value == "":
        return None  # no cell at all: a quarter less to write in a typical list
    return value  # openpyxl gives dates the format yyyy-mm-dd itself


def xlsx_file[T](table: Table[T], rows: Iterable[T]) -> Any:
    """The table as an XLSX workbook in a temporary file, written row by row (write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.title)[:31])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.append([_header_cell(sheet, text) for text in table.header()])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in table.cells(row)])
    # Closed by the FileResponse that sends it, once sent.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return target


def xlsx_response[T](table: Table[T], rows: Iterable[T], filename: str) -> FileResponse:
    return FileResponse(
        xlsx_file(table, rows),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
