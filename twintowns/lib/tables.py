"""Reading a spreadsheet a person made: CSV or TSV in any common encoding, or XLSX.

Every way a file can be unreadable ends in `UnreadableFile` with a message a person can act
on, naming the row, column and value where there is one; nothing is written before a file
has been read whole. Every bound is checked before the work it guards: the file's size before
it is read, a workbook's unpacked size before it is unpacked, then the rows, the columns and
each cell's length as each row comes, so that reading stops at the first row past a bound.
The bounds (`Limits`) are the caller's: the office's imports take theirs from the settings
`TWINTOWNS_IMPORT_MAX_*` (`imports.reading`), the directory's command-line load has its own.

Formulas: an XLSX cell is read by the value Excel saved with it, and a formula cell without
one is refused, naming the cell; a CSV cell starting with "=" is refused as a formula (a
spreadsheet would run it on re-export).
"""

import codecs
import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import filetype
from charset_normalizer import from_bytes
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from twintowns.lib import xlsx

EXTENSIONS = {"csv", "tsv", "txt", "xlsx"}
MB = 1024 * 1024
PROGRESS_EVERY = 500
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8 (BOM)",
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "cp1254": "Windows-1254 / ISO-8859-9",
}
# Byte order marks, the longer first: UTF-32's little-endian mark starts like UTF-16's.
_BOMS = (
    (b"\xef\xbb\xbf", "utf_8", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32", "utf_32"),
    (b"\x00\x00\xfe\xff", "utf_32", "utf_32"),
    (b"\xff\xfe", "utf_16", "utf_16"),
    (b"\xfe\xff", "utf_16", "utf_16"),
)
# The detector is trusted over the Turkish encodings only when it is this sure of a text that
# is not in Latin letters (a Russian or Greek file); on a few rows it guesses at random.
_SURE = 0.5
# How much of a text file's start tells what it is (web page, binary) and its delimiter.
_SAMPLE_BYTES = 64 * 1024
_WEB_PAGE = ("<!doctype html", "<html", "<head", "<body", "<table", "<?xml")


class UnreadableFile(Exception):
    """The file cannot be read as a table; the message says why, for the person who sent it."""

    def __init__(self, message: str, *, row: int = 0, column: str = "", value: str = "") -> None:
        super().__init__(message)
        self.row, self.column, self.value = row, column, value


@dataclass(frozen=True)
class Limits:
    """How much an import reads: the file, a workbook unpacked, rows, columns, a cell."""

    file_bytes: int
    unpacked_bytes: int
    rows: int
    columns: int
    cell_chars: int


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    # The row number a person sees in their sheet for each row (the header is row 1).
    row_numbers: list[int]
    encoding: str = ""
    cell_errors: tuple[tuple[int, str, str, str], ...] = ()

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.headers, row, strict=False)) for row in self.rows]


def upload_problem(name: str, size: int | None, bounds: Limits) -> str | None:
    """What is wrong with an upload that its name and size tell, before it is read or kept."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        return _("“%(name)s” is not a spreadsheet this import reads: use CSV, TSV or XLSX.") % {
            "name": PurePath(name).name
        }
    if size == 0:
        return _("The file is empty.")
    if size is not None and size > bounds.file_bytes:
        return _("“%(name)s” is %(size)s; the largest file an import takes is %(limit)s.") % {
            "name": PurePath(name).name,
            "size": filesizeformat(size),
            "limit": filesizeformat(bounds.file_bytes),
        }
    return None


def read_table(
    name: str,
    stream: IO[bytes],
    bounds: Limits,
    size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Table:
    """The table in the file `name` read within `bounds`, or UnreadableFile saying what is
    wrong and where."""
    if problem := upload_problem(name, size, bounds):
        raise UnreadableFile(problem)
    data = stream.read(bounds.file_bytes + 1)
    if len(data) > bounds.file_bytes:
        raise UnreadableFile(
            _("The file is larger than %(limit)s, the largest an import takes.")
            % {"limit": filesizeformat(bounds.file_bytes)}
        )
    if not data or data.isspace():
        raise UnreadableFile(_("The file is empty."))
    builder = _Builder(bounds, progress)
    if PurePath(name).suffix.lower() == ".xlsx":
        _read_xlsx(data, bounds, builder)
    else:
        builder.encoding = _read_text(data, PurePath(name).suffix.lower(), builder)
    return builder.table()


class _Builder:
    """The rows as they come, each checked against the limits before it is kept."""

    def __init__(self, bounds: Limits, progress: Callable[[int], None] | None) -> None:
        self.bounds = bounds
        self.progress = progress
        self.encoding = ""
        self.header: list[str] | None = None
        self.header_row = 0
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.width = 0
        # (row, column index, value, message): columns are named once the header is complete.
        self.errors: list[tuple[int, int, str, str]] = []

    def add(self, number: int, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        self._check(number, cells)
        if self.header is None:
            self.header, self.header_row = cells, number
            _refuse_repeated(cells, number)
            return
        if len(self.rows) == self.bounds.rows:
            raise UnreadableFile(
                _(
                    "The file has more than %(limit)s rows under its header; an import takes "
                    "at most %(limit)s at a time: split the file."
                )
                % {"limit": number_format(self.bounds.rows, force_grouping=True)},
                row=number,
            )
        self.rows.append(cells)
        self.numbers.append(number)
        self.width = max(self.width, len(cells))
        if self.progress and len(self.rows) % PROGRESS_EVERY == 0:
            self.progress(len(self.rows))

    def error(self, number: int, index: int, value: str, message: str) -> None:
        self.errors.append((number, index, value, message))

    def _check(self, number: int, cells: list[str]) -> None:
        if len(cells) > self.bounds.columns:
            raise UnreadableFile(
                _("Row %(row)s has %(count)s columns; an import takes at most %(limit)s.")
                % {"row": number, "count": len(cells), "limit": self.bounds.columns},
                row=number,
            )
        if max(map(len, cells)) > self.bounds.cell_chars:
            index = next(i for i, c in enumerate(cells) if len(c) > self.bounds.cell_chars)
            raise self._too_long(number, index, cells[index])
        if "\x00" in "".join(cells):
            for index, cell in enumerate(cells):
                if "\x00" in cell:
                    message = _(
                        "The cell holds a NUL character (shown as ␀): the file may be damaged."
                    )
                    # Refused, and kept as shown: PostgreSQL stores no NUL, not even in JSON.
                    cells[index] = cell.replace("\x00", "␀")
                    self.error(number, index, cells[index], message)

    def _too_long(self, number: int, index: int, cell: str) -> UnreadableFile:
        return UnreadableFile(
            _(
                "Row %(row)s, column %(column)s: the value is %(length)s characters "
                "long; a cell takes at most %(limit)s."
            )
            % {
                "row": number,
                "column": self._column(index),
                "length": number_format(len(cell), force_grouping=True),
                "limit": number_format(self.bounds.cell_chars, force_grouping=True),
            },
            row=number,
            column=self._column(index),
            value=cell[:40] + "…",
        )

    def _column(self, index: int) -> str:
        name = self.header[index] if self.header and index < len(self.header) else ""
        letter = get_column_letter(index + 1)
        return f"“{name}” ({letter})" if name else letter

    def table(self) -> Table:
        if self.header is None:
            raise UnreadableFile(_("The file is empty."))
        headers = self._headers()
        if not self.rows:
            raise UnreadableFile(_("The file has a header row but no rows under it."))
        for row in self.rows:
            row.extend([""] * (len(headers) - len(row)))
        errors = tuple((r, headers[i], v, m) for r, i, v, m in self.errors)
        return Table(headers, self.rows, self.numbers, self.encoding, errors)

    def _headers(self) -> list[str]:
        """The header row's names, a column without one named by its letter: "(D)"."""
        assert self.header is not None
        width = max(len(self.header), self.width)
        names = self.header + [""] * (width - len(self.header))
        headers = [name or f"({get_column_letter(i + 1)})" for i, name in enumerate(names)]
        _refuse_repeated(headers, self.header_row)
        return headers


def _refuse_repeated(headers: list[str], number: int) -> None:
    """A header written twice would make two columns one: the person names them apart."""
    first: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header and header in first:
            raise UnreadableFile(
                _(
                    "The header “%(header)s” is in columns %(first)s and %(second)s: "
                    "give each column its own header."
                )
                % {
                    "header": header,
                    "first": get_column_letter(first[header] + 1),
                    "second": get_column_letter(index + 1),
                },
                row=number,
                column=header,
                value=header,
            )
        first.setdefault(header, index)


def _read_xlsx(data: bytes, bounds: Limits, builder: _Builder) -> None:
    """The first sheet, by the values Excel saved; a formula without one is named and refused."""
    try:
        xlsx.check_unpacked_size(data, bounds.unpacked_bytes)
        for number, values in xlsx.sheet_rows(data):
            cells = [_cell(value) for value in values]
            if builder.header is not None:
                _formulas(builder, number, values)
            builder.add(number, cells)
    except xlsx.BrokenWorkbook as error:
        raise UnreadableFile(str(error)) from error
    builder.encoding = "XLSX"


def _formulas(builder: _Builder, number: int, values: list[Any]) -> None:
    for index, value in enumerate(values):
        if isinstance(value, xlsx.Formula):
            message = _(
                "Cell %(cell)s holds a formula without a saved value: open the file in a "
                "spreadsheet, let it calculate, save it and try again."
            ) % {"cell": xlsx.cell_name(number, index + 1)}
            builder.error(number, index, value.text, message)


def _read_text(data: bytes, extension: str, builder: _Builder) -> str:
    """The rows of a CSV or TSV file, decoded as they are read (never the whole text at once)."""
    _refuse_other_formats(data)
    codec, encoding = _encoding(data)
    sample = data[:_SAMPLE_BYTES].decode(codec, errors="ignore").removeprefix("\ufeff")
    _refuse_non_tables(sample)
    delimiter = "\t" if extension == ".tsv" else _sniff_delimiter(sample)
    # The csv module's own limit on a field (128 KB) would stop a long cell without saying
    # where; every field of a file within the size limit is let through, and checked here.
    if csv.field_size_limit() < builder.bounds.file_bytes + 1:
        csv.field_size_limit(builder.bounds.file_bytes + 1)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    # A quote left open would swallow the rest of a CSV into one cell: refused, naming its row.
    # TSV stays lenient: the Wikidata Query Service's TSV writes terms like "Ankara"@tr.
    reader = csv.reader(text, delimiter=delimiter, strict=extension != ".tsv")
    number = 0
    try:
        for number, line in enumerate(reader, start=1):
            cells = [cell.strip() for cell in line]
            if number == 1 and cells:
                cells[0] = cells[0].removeprefix("\ufeff")
            if builder.header is not None:
                _csv_formulas(builder, number, cells)
            builder.add(number, cells)
    except csv.Error as error:
        raise UnreadableFile(
            _(
                "Row %(row)s could not be read as CSV (%(error)s): a quotation mark may be "
                "opened there and never closed."
            )
            % {"row": number + 1, "error": error},
            row=number + 1,
        ) from error
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _(
                "Row %(row)s is not %(encoding)s, as the file says it is: save it as CSV UTF-8 "
                "and try again."
            )
            % {"row": number + 1, "encoding": encoding},
            row=number + 1,
        ) from error
    return encoding


def _refuse_non_tables(sample: str) -> None:
    """Binary data decoded as text, and web pages, by the start of the file."""
    controls = sum(c < " " and c not in "\t\r\n" for c in sample)
    if controls > 3 and controls * 100 > len(sample):  # a stray NUL is named in its cell
        raise UnreadableFile(
            _("The file is not text: it may be a spreadsheet saved with the wrong extension.")
        )
    if sample.lstrip()[:20].lower().startswith(_WEB_PAGE):
        raise UnreadableFile(
            _(
                "The file is a web page (HTML), not a table saved as CSV: open it in a "
                "spreadsheet and save it as CSV or XLSX."
            )
        )


def _csv_formulas(builder: _Builder, number: int, cells: list[str]) -> None:
    if "=" not in "".join(cells):
        return
    for index, cell in enumerate(cells):
        if cell.startswith("="):
            builder.error(number, index, cell, _("A formula is not taken here."))


def _refuse_other_formats(data: bytes) -> None:
    """A workbook, document or picture given a text file's name is named as what it is."""
    kind = filetype.guess(data[:8192])
    if data.startswith(_OLE):
        message = _(
            "The file is an Excel 97–2003 workbook (.xls) or a password-protected one: save "
            "it as XLSX without a password, or as CSV."
        )
    elif kind is None:
        return
    elif kind.extension in ("zip", "xlsx", "docx", "pptx", "ods", "odt"):
        message = _(
            "The file is a zipped document (perhaps an XLSX workbook) with a text file's name: "
            "if it is a workbook, give it the .xlsx extension."
        )
    else:
        message = _("The file is a %(kind)s file, not a table: use CSV, TSV or XLSX.") % {
            "kind": kind.extension.upper()
        }
    raise UnreadableFile(message)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _encoding(data: bytes) -> tuple[str, str]:
    """The codec of a text file and its name: by its byte order mark, UTF-8, else a Turkish
    encoding unless the detector is sure of a text in another alphabet."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, ENCODING_NAMES[name]
    if b"\x00" in data:
        return _wide_encoding(data)
    if _decodes(data, "utf_8"):
        return "utf_8", ENCODING_NAMES["utf_8"]
    guess = from_bytes(data).best()
    if guess is not None and guess.coherence >= _SURE and not _latin(data, guess.encoding):
        return guess.encoding, _name(guess.encoding)
    if _decodes(data, "cp1254"):
        return "cp1254", ENCODING_NAMES["cp1254"]
    if guess is None:
        raise UnreadableFile(
            _("The file's characters could not be read: save it as CSV UTF-8 and try again.")
        )
    return guess.encoding, _name(guess.encoding)


def _decodes(data: bytes, codec: str) -> bool:
    """Whether all of `data` is text in `codec`, tried a megabyte at a time."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), MB):
            decoder.decode(view[start : start + MB], final=start + MB >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _wide_encoding(data: bytes) -> tuple[str, str]:
    """UTF-16 without a byte order mark, or NUL bytes in a text (damaged), or not text at all."""
    guess = from_bytes(data, cp_isolation=["utf_16", "utf_16_le", "utf_16_be"]).best()
    if guess is not None and guess.chaos < 0.1:
        return guess.encoding, _name(guess.encoding)
    if _decodes(data, "utf_8"):
        return "utf_8", ENCODING_NAMES["utf_8"]
    return "cp1254", ENCODING_NAMES["cp1254"]


def _name(codec: str) -> str:
    return ENCODING_NAMES.get(codec, codec.upper().replace("_", "-"))


def _latin(data: bytes, codec: str) -> bool:
    """Whether most letters of the file's start are Latin ones (the Turkish encodings' alphabet)."""
    letters = [c for c in data[:_SAMPLE_BYTES].decode(codec, errors="ignore") if c.isalpha()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return not letters or latin * 5 >= len(letters) * 4


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _cell(value: Any) -> str:
    """A cell as text; dates as dd.mm.yyyy, whole numbers without ".0", formulas as written."""
    if value is None:
        return ""
    if isinstance(value, xlsx.Formula):
        return value.text
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
