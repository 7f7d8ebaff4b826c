"""Writes the malformed-input corpus beside this file: `python tests/imports/corpus/make_corpus.py`.

The files are committed (the largest is 13 KB); this script says how each was made, and makes
them again byte for byte. What each must be told is in tests/imports/test_corpus.py. The huge
files (a zip bomb, a million rows, a 20 MB cell) are made by the tests at run time instead.
"""

import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
_SAVED_AT = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # docProps' dates


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(content.encode(encoding))


def raw(name: str, content: bytes) -> None:
    (HERE / name).write_bytes(content)


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return _stable(out.getvalue())


def _stable(data: bytes, change: dict[str, bytes] | None = None) -> bytes:
    """The workbook again with fixed member dates (openpyxl writes the time of saving), and
    the members named in `change` replaced."""
    change = change or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = change.get(member.filename, source.read(member.filename))
            content = _SAVED_AT.sub(b"2020-01-01T00:00:00Z", content)
            info = zipfile.ZipInfo(member.filename, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def main() -> None:
    # Nothing to read.
    raw("empty.csv", b"")
    raw("blank-lines.csv", b"  \r\n\r\n   \n")
    text("header-only.csv", "City,Country\n")
    raw("header-only.xlsx", workbook([["City", "Country"]]))
    # Not text, or not a table.
    raw("binary-garbage.csv", random.Random(13).randbytes(4096))
    raw("png-named.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    raw("pdf-named.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    raw("xlsx-named.csv", workbook([["City"], ["Seoul"]]))
    raw("xls-97-named.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    text(
        "web-page.csv",
        "<!DOCTYPE html>\n<html lang=en><head><title>Partners</title></head>\n"
        "<body><table><tr><td>Seoul</td><td>South Korea</td></tr></table></body></html>\n",
    )
    raw("spreadsheet.ods", b"PK\x03\x04")
    raw("truncated.xlsx", workbook([["City"], ["Seoul"]])[:1500])
    raw("not-a-zip.xlsx", b"PK\x03\x04 not really a workbook")
    # Encodings.
    text("utf16-bom.csv", "City,Country,Signed\nSeoul,South Korea,31.02.1971\n", "utf-16")
    # Read by the detector alone as GB18030 ("㧐hir;黮ke;t黵").
    text("cp1254-two-rows.csv", "şehir;ülke;tür\nGence;Azerbaycan;ikizlik\n", "cp1254")
    text("iso8859-9.csv", "Şehir;Ülke;İmza\nIğdır;Türkiye;2019'da\n", "iso8859_9")
    raw("nul-bytes.csv", b"City,Country\nSe\x00oul,South Korea\n")
    # Shapes.
    text("semicolons.csv", "Şehir;Ülke;İlişki Türü\nSeul;Güney Kore;ikiz şehir\n")
    text("tabs.tsv", "City\tCountry\tStatus\nSeoul\tSouth Korea\tfrozen\n")
    text("duplicate-headers.csv", "City,Country,City\nSeoul,South Korea,Busan\n")
    text("thousand-columns.csv", ",".join(f"c{i}" for i in range(1000)) + "\n" + "x," * 999 + "x\n")
    raw("wide.xlsx", workbook([[f"c{i}" for i in range(150)], ["x"] * 150]))
    text("long-cell.csv", "City,Notes\nSeoul," + "n" * 10_001 + "\n")
    text("open-quote.csv", 'City,Country\n"Seoul,South Korea\nBusan,South Korea\n')
    text("stray-quote.csv", 'City,Country\n"Seoul"x,South Korea\n')
    text("unknown-headers.csv", "Foo,Bar\nSeoul,South Korea\n")
    # Values.
    text("absurd-years.csv", "City,Country,Signed\nSeoul,South Korea,0000\nVienna,Austria,20200\n")
    text("impossible-date.csv", "City,Country,Signed\nSeoul,South Korea,31.02.2020\n")
    text("bad-kind.csv", "City,Country,Kind\nSeoul,South Korea,twin town of the year\n")
    text("missing-city.csv", "City,Country,Signed\n,South Korea,1971\n")
    text("formula.csv", 'City,Country,Notes\nSeoul,South Korea,=HYPERLINK("http://x")\n')
    text("unknown-place.csv", "City,Country\nAtlantis,Greece\n")
    text("activities-no-title.csv", "Title,Kind,Direction\n,visit,incoming delegation\n")
    text("memberships-backwards.csv", "Organization,Since,Until\nUCLG,2010,2001\n")
    text("contacts-no-partner.csv", "City,Country,Name\nSeoul,South Korea,Kim\n")
    # Formulas in a workbook.
    formulas = workbook([["City", "Country"], ["=A3", "South Korea"], ["Seoul", "South Korea"]])
    raw("formula-no-value.xlsx", formulas)
    # A formula whose saved text result is written as if it were a number (no t="str"):
    # openpyxl raised ValueError on it, outside the reader's try.
    cached = sheet_xml(formulas).replace(
        b'<c r="A2"><f>A3</f><v></v></c>', b'<c r="A2"><f>A3</f><v>Seoul</v></c>'
    )
    assert b"<v>Seoul</v>" in cached
    cached = cached.replace(b"</sheetData>", _formula_row(4) + b"</sheetData>")
    raw("formula-cached-text.xlsx", _stable(formulas, {"xl/worksheets/sheet1.xml": cached}))
    bomb = sheet_xml(formulas).replace(b"<worksheet", _LAUGHS + b"<worksheet", 1)
    bomb = bomb.replace(b"<t>Country</t>", b"<t>&lol9;</t>")
    raw("xml-entities.xlsx", _stable(formulas, {"xl/worksheets/sheet1.xml": bomb}))


def _formula_row(number: int) -> bytes:
    return f'<row r="{number}"><c r="A{number}"><f>A2</f><v></v></c></row>'.encode()


_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 2 else "&lol;" * 10}">'.encode()
        for n in range(2, 10)
    )
    + b"]>"
)


if __name__ == "__main__":
    main()
