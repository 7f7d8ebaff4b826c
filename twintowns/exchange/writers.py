"""Tables written out as files: CSV streamed in chunks of rows, XLSX with XlsxWriter.

Both read the same `Table`, so a column is defined once for every format, and both write through
`twintowns.lib.spreadsheets`, so that no cell runs as a formula.
"""

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation

from twintowns.lib.spreadsheets import CsvWriter, XlsxWriter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

type Cell = str | int | float | Decimal | dt.date | None


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


# Lines sent at a time: one by one, the response's own work per piece took a tenth of the time.
LINES_PER_PIECE = 500


def csv_lines[T](table: Table[T], rows: Iterable[T]) -> Iterator[str]:
    """The table as CSV, a piece of lines at a time; first a BOM, so that spreadsheets read
    ş, ğ and İ as UTF-8."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    buffer.write("\ufeff")
    writer.writerow(table.header())
    for number, row in enumerate(rows, start=1):
        writer.writerow(table.cells(row))
        if number % LINES_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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


def xlsx_file[T](table: Table[T], rows: Iterable[T]) -> Any:
    """The table as an XLSX workbook in a temporary file, written row by row.

    XlsxWriter in constant-memory mode: each row goes to disk as it is written, and it writes
    twice as fast as openpyxl's write-only mode (20,000 rows of 20 columns: 2.0 s against 4.4 s
    of CPU). Text is stored as text, never read as a formula, a number or a link.
    """
    target = tempfile.TemporaryFile()  # noqa: SIM115  # closed by the FileResponse, once sent
    writer = XlsxWriter(target, str(table.title), [column.width for column in table.columns])
    writer.header(table.header())
    for row in rows:
        writer.writerow(table.cells(row))
    writer.close()
    target.seek(0)
    return target


def xlsx_response[T](table: Table[T], rows: Iterable[T], filename: str) -> FileResponse:
    return FileResponse(
        xlsx_file(table, rows),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
