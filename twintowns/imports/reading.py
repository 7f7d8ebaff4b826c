"""Reading a spreadsheet a person made: CSV or TSV in any common encoding, or XLSX.

Every way a file can be unreadable ends in `UnreadableFile` with a message a person can act
on; nothing is written before a file has been read whole. Formulas: an XLSX cell is read by
the value Excel saved with it, and a formula cell without one is refused, naming the cell; a
CSV cell starting with "=" is refused as a formula (a spreadsheet would run it on re-export).
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from charset_normalizer import from_bytes
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

EXTENSIONS = {"csv", "tsv", "txt", "xlsx"}
# Letters only Turkish uses among the single-byte Latin encodings: their presence decides cp1254.
_TURKISH_LETTERS = set("şŞğĞıİ")
_LATIN_FAMILY = {"cp1252", "latin_1", "iso8859_15", "cp1254", "iso8859_9", "cp1250", "mac_roman"}
ENCODING_NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1254": "Windows-1254 (Turkish)"}


class UnreadableFile(Exception):
    """The file cannot be read as a table; the message says why, for the person who sent it."""


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


def max_bytes() -> int:
    return settings.TWINTOWNS_IMPORT_MAX_MB * 1024 * 1024


def read_table(name: str, stream: IO[bytes], size: int | None = None) -> Table:
    """The table in the uploaded file `name`, or UnreadableFile saying what is wrong."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise UnreadableFile(
            _("“%(name)s” is not a spreadsheet this import reads: use CSV, TSV or XLSX.")
            % {"name": PurePath(name).name}
        )
    if size is not None and size > max_bytes():
        raise UnreadableFile(
            _("“%(name)s” is %(size)s; the largest file an import takes is %(limit)s.")
            % {
                "name": PurePath(name).name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_bytes()),
            }
        )
    data = stream.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise UnreadableFile(
            _("The file is larger than %(limit)s, the largest an import takes.")
            % {"limit": filesizeformat(max_bytes())}
        )
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    table = _read_xlsx(data) if extension == "xlsx" else _read_text(data, extension)
    if not table.headers or not any(table.headers):
        raise UnreadableFile(_("The file has no header row."))
    if not table.rows:
        raise UnreadableFile(_("The file has a header row but no rows under it."))
    return table


def _read_text(data: bytes, extension: str) -> Table:
    text, encoding = _decode(data)
    delimiter = "\t" if extension == "tsv" else _sniff_delimiter(text)
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header_index = next((i for i, line in enumerate(lines) if any(c.strip() for c in line)), None)
    if header_index is None:
        raise UnreadableFile(_("The file is empty."))
    headers = [h.strip() for h in lines[header_index]]
    rows, numbers = [], []
    for number, line in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if any(cell.strip() for cell in line):
            rows.append([cell.strip() for cell in line])
            numbers.append(number)
    errors = tuple(
        (number, headers[i] if i < len(headers) else "", cell, _("A formula is not taken here."))
        for number, row in zip(numbers, rows, strict=True)
        for i, cell in enumerate(row)
        if cell.startswith("=")
    )
    return Table(headers, rows, numbers, encoding, errors)


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), else a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), ENCODING_NAMES["utf_8_sig"]
    try:
        return data.decode("utf-8"), ENCODING_NAMES["utf_8"]
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        best = from_bytes(data).best()
        if best is None or not best.encoding.startswith("utf_16"):
            raise UnreadableFile(
                _("The file is not text: it may be a spreadsheet saved with the wrong extension.")
            )
        return str(best), best.encoding.upper().replace("_", "-")
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile(
            _("The file's characters could not be read: save it as CSV UTF-8 and try again.")
        )
    if best.encoding in _LATIN_FAMILY:
        turkish = data.decode("cp1254", errors="replace")
        if _TURKISH_LETTERS & set(turkish):
            return turkish, ENCODING_NAMES["cp1254"]
    return str(best), ENCODING_NAMES.get(best.encoding, best.encoding)


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_xlsx(data: bytes) -> Table:
    """The first sheet, by the values Excel saved; a formula without one is named and refused."""
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            _("The file could not be opened as an XLSX workbook (%(error)s).") % {"error": error}
        ) from error
    try:
        grid = list(values.worksheets[0].iter_rows(values_only=True))
        raw = list(formulas.worksheets[0].iter_rows(values_only=True))
    finally:
        values.close()
        formulas.close()
    header_index = next((i for i, line in enumerate(grid) if any(_cell(c) for c in line)), None)
    if header_index is None:
        raise UnreadableFile(_("The file is empty."))
    headers = [_cell(c) for c in grid[header_index]]
    rows, numbers, errors = [], [], []
    for index in range(header_index + 1, len(grid)):
        line = [_cell(c) for c in grid[index]]
        for column, (value, source) in enumerate(zip(grid[index], raw[index], strict=False)):
            if value is None and isinstance(source, str) and source.startswith("="):
                cell = f"{get_column_letter(column + 1)}{index + 1}"
                errors.append(
                    (
                        index + 1,
                        headers[column] if column < len(headers) else "",
                        source,
                        _(
                            "Cell %(cell)s holds a formula without a saved value: open the file "
                            "in a spreadsheet, let it calculate, save it and try again."
                        )
                        % {"cell": cell},
                    )
                )
        if any(line):
            rows.append(line)
            numbers.append(index + 1)
    return Table(headers, rows, numbers, "XLSX", tuple(errors))


def _cell(value: Any) -> str:
    """A cell as text; dates as dd.mm.yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
