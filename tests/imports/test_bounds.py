"""Imports are bounded before the work: size, unpacked size, rows, columns, a cell's length;
the upload only keeps the file for the worker; what a job stores stays small."""

import itertools
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.imports.helpers import run_queued_tasks
from twintowns.authorities.models import Authority
from twintowns.imports.models import ImportJob, JobStatus
from twintowns.imports.reading import read_table
from twintowns.lib.tables import UnreadableFile

pytestmark = pytest.mark.usefixtures("gazetteer")
MB = 1024 * 1024


def _sheet(path: Path, rows: Iterable[bytes]) -> Path:
    """An XLSX workbook whose sheet is streamed from `rows` (XML): a file made to be huge
    once unpacked, without holding it in memory."""
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>City</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, content in _PARTS.items():
            book.writestr(name, content)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START + header)
            for chunk in itertools.batched(rows, 10_000):
                sheet.write(b"".join(chunk))
            sheet.write(b"</sheetData></worksheet>")
    return path


def _one_cell_of_300_mb() -> Iterator[bytes]:
    yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    yield from itertools.repeat(b"a" * MB, 300)
    yield b"</t></is></c></row>"


def _million_rows() -> Iterator[bytes]:
    for n in range(2, 1_000_002):
        yield f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'.encode()


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_START = f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'.encode()
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def _read(path: Path) -> Any:
    with path.open("rb") as stream:
        return read_table(path.name, stream, path.stat().st_size)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "bomb.xlsx", _one_cell_of_300_mb())
    packed = path.stat().st_size
    with pytest.raises(UnreadableFile) as refused:
        _read(path)
    assert (packed < MB, str(refused.value)) == (
        True,
        f"The workbook unpacks to 300.0\xa0MB ({packed / 1024:.1f}\xa0KB packed); an import "
        "takes workbooks that unpack to at most 100.0\xa0MB. Save the sheet as CSV, or split it.",
    )


def test_a_million_row_workbook_stops_at_the_row_limit(tmp_path: Path) -> None:
    # Rows of 44 bytes: 44 MB unpacked (within the bound), about 600 KB packed.
    path = _sheet(tmp_path / "m.xlsx", _million_rows())
    with pytest.raises(UnreadableFile) as refused:
        _read(path)
    assert (str(refused.value), refused.value.row) == (
        "The file has more than 50,000 rows under its header; an import takes at most 50,000 "
        "at a time: split the file.",
        50_002,
    )


def test_a_csv_stops_at_the_row_limit(tmp_path: Path, settings: Any) -> None:
    settings.TWINTOWNS_IMPORT_MAX_ROWS = 3
    path = tmp_path / "p.csv"
    path.write_text("City\nSeoul\nVienna\nMoscow\nBeijing\nIstanbul\n")
    with pytest.raises(UnreadableFile) as refused:
        _read(path)
    assert (str(refused.value), refused.value.row) == (
        "The file has more than 3 rows under its header; an import takes at most 3 at a time: "
        "split the file.",
        5,
    )


def _twenty_mb_field(tmp_path: Path) -> Path:
    path = tmp_path / "notes.csv"
    path.write_bytes(b"City,Country,Notes\nSeoul,South Korea," + b"n" * (20 * MB) + b"\n")
    return path


def test_a_20_mb_field_is_told_by_row_and_column_on_the_page(
    editor_client: Client, authority: Authority, tmp_path: Path
) -> None:
    path = _twenty_mb_field(tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()
    job = ImportJob.objects.get()
    message = (
        "Row 2, column “Notes” (C): the value is 20,971,520 characters long; a cell takes at "
        "most 10,000."
    )
    assert (job.status, job.report["errors"]) == (
        JobStatus.FAILED,
        [{"row": 2, "column": "“Notes” (C)", "value": "n" * 40 + "…", "message": message}],
    )
    assert message in editor_client.get(job.get_absolute_url()).content.decode()


def test_a_20_mb_field_is_told_by_the_command(
    authority: Authority, editor: Any, tmp_path: Path
) -> None:
    with pytest.raises(CommandError) as stopped:
        call_command("import", str(_twenty_mb_field(tmp_path)), "--kind", "partners")
    assert str(stopped.value).startswith("Row 2, column “Notes” (C): the value is 20,971,520")


def test_the_upload_keeps_the_file_and_the_worker_reads_it(
    editor_client: Client, authority: Authority
) -> None:
    upload = SimpleUploadedFile("p.csv", b"City,Country\nSeoul,South Korea\n")
    response = editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    job = ImportJob.objects.get()
    assert (response.url, job.status, job.preview, job.file.read()) == (
        job.get_absolute_url(),
        JobStatus.READING,
        {},
        b"City,Country\nSeoul,South Korea\n",
    )
    assert "Reading the file…" in editor_client.get(job.get_absolute_url()).content.decode()

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.preview["headers"], job.mapping, job.encoding) == (
        JobStatus.UPLOADED,
        ["City", "Country"],
        {"City": "city", "Country": "country"},
        "UTF-8",
    )


def test_the_stored_report_keeps_the_first_500_errors_and_counts_all(
    editor_client: Client, authority: Authority
) -> None:
    rows = "".join(f"Seoul,South Korea,{n:02}.13.2001\n" for n in range(1, 601))
    upload = SimpleUploadedFile("p.csv", f"City,Country,Signed\n{rows}".encode())
    editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()
    job = ImportJob.objects.get()
    data = {f"column_{i}": job.mapping[h] for i, h in enumerate(job.preview["headers"])}
    editor_client.post(reverse("imports:check", args=[job.pk]), data)
    job.refresh_from_db()
    errors = job.report["errors"]
    assert (len(errors), errors[-1]["row"], job.report["counts"]["errors"]) == (500, 501, 600)
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "600 errors: nothing was imported" in page
    assert "The first 500 of 600 are listed: correct them and check again to see the rest." in page


def test_the_preview_keeps_five_rows_with_each_cell_cut(
    editor_client: Client, authority: Authority
) -> None:
    rows = "".join(f"Seoul,{'x' * 2000}{n}\n" for n in range(10))
    upload = SimpleUploadedFile("p.csv", f"City,Notes\n{rows}".encode())
    editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()
    preview = ImportJob.objects.get().preview
    assert (preview["rows_total"], preview["rows"]) == (10, [["Seoul", "x" * 299 + "…"]] * 5)


def test_the_check_step_of_the_widest_file_with_500_places_to_settle_is_taken(
    editor_client: Client, authority: Authority
) -> None:
    headers = ["City", "Country"] + [f"extra {n}" for n in range(98)]
    rows = "".join(f"Atlantis {n},Greece" + ",x" * 98 + "\n" for n in range(501))
    upload = SimpleUploadedFile("p.csv", (",".join(headers) + "\n" + rows).encode())
    editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()
    job = ImportJob.objects.get()
    data = {f"column_{i}": job.mapping[h] for i, h in enumerate(job.preview["headers"])}
    editor_client.post(reverse("imports:check", args=[job.pk]), data)
    job.refresh_from_db()
    assert (len(job.report["unresolved"]), job.report["counts"]["unresolved"]) == (500, 501)

    data.update({f"place_{n}": "skip" for n in range(500)})  # every select the page shows
    response = editor_client.post(reverse("imports:check", args=[job.pk]), data)
    job.refresh_from_db()
    assert (response.status_code, len(job.resolutions), job.report["unresolved"][0]["city"]) == (
        302,
        500,
        "Atlantis 500",  # the one left
    )


def test_more_columns_than_a_request_can_post_is_refused_at_start(tmp_path: Path) -> None:
    env = {**os.environ, "TWINTOWNS_IMPORT_MAX_COLUMNS": "600"}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "twintowns.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode == 1
    assert started.stderr.strip().splitlines()[-1] == (
        "ValueError: TWINTOWNS_IMPORT_MAX_COLUMNS=600 is not between 1 and 400"
    )
