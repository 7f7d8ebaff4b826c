"""The malformed-input corpus (tests/imports/corpus/, made by make_corpus.py there): each file
is told what is wrong, naming its row, column and value where it has them, on the import page
and by `twintowns import`, and no table of the database changes."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from tests.imports.helpers import run_queued_tasks
from twintowns.authorities.models import Authority
from twintowns.imports.models import ImportJob

CORPUS = Path(__file__).parent / "corpus"
pytestmark = pytest.mark.usefixtures("gazetteer")


@dataclass(frozen=True)
class Told:
    message: str
    row: int = 0
    column: str = ""
    value: str = ""
    kind: str = "partners"


_NOT_TEXT = "The file is not text: it may be a spreadsheet saved with the wrong extension."
_FORMULA = (
    "Cell A%s holds a formula without a saved value: open the file in a spreadsheet, "
    "let it calculate, save it and try again."
)
_KINDS = "Not one of: sister city, partner city, friendship, cooperation memorandum."
_OPEN_QUOTE = (
    "Row %s could not be read as CSV (%s): a quotation mark may be opened there and never closed."
)
TOLD = {
    "empty.csv": Told("The file is empty."),
    "blank-lines.csv": Told("The file is empty."),
    "header-only.csv": Told("The file has a header row but no rows under it."),
    "header-only.xlsx": Told("The file has a header row but no rows under it."),
    "binary-garbage.csv": Told(_NOT_TEXT),
    "png-named.csv": Told("The file is a PNG file, not a table: use CSV, TSV or XLSX."),
    "pdf-named.csv": Told("The file is a PDF file, not a table: use CSV, TSV or XLSX."),
    "xlsx-named.csv": Told(
        "The file is a zipped document (perhaps an XLSX workbook) with a text file's name: "
        "if it is a workbook, give it the .xlsx extension."
    ),
    "xls-97-named.csv": Told(
        "The file is an Excel 97–2003 workbook (.xls) or a password-protected one: save it "
        "as XLSX without a password, or as CSV."
    ),
    "web-page.csv": Told(
        "The file is a web page (HTML), not a table saved as CSV: open it in a spreadsheet "
        "and save it as CSV or XLSX."
    ),
    "spreadsheet.ods": Told(
        "“spreadsheet.ods” is not a spreadsheet this import reads: use CSV, TSV or XLSX."
    ),
    "truncated.xlsx": Told(
        "The file could not be opened as an XLSX workbook (File is not a zip file)."
    ),
    "not-a-zip.xlsx": Told(
        "The file could not be opened as an XLSX workbook (File is not a zip file)."
    ),
    "utf16-bom.csv": Told("This date does not exist.", 2, "Signed", "31.02.1971"),
    "cp1254-two-rows.csv": Told(_KINDS, 2, "tür", "ikizlik"),
    "iso8859-9.csv": Told(
        "Write dates as dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy.", 2, "İmza", "2019'da"
    ),
    "nul-bytes.csv": Told(
        "The cell holds a NUL character (shown as ␀): the file may be damaged.", 2, "City", "Se␀oul"
    ),
    "semicolons.csv": Told(_KINDS, 2, "İlişki Türü", "ikiz şehir"),
    "tabs.tsv": Told(
        "Not one of: proposed, approved, signed, active, dormant, ended.", 2, "Status", "frozen"
    ),
    "duplicate-headers.csv": Told(
        "The header “City” is in columns A and C: give each column its own header.",
        1,
        "City",
        "City",
    ),
    "thousand-columns.csv": Told("Row 1 has 1000 columns; an import takes at most 100.", 1),
    "wide.xlsx": Told("Row 1 has 150 columns; an import takes at most 100.", 1),
    "long-cell.csv": Told(
        "Row 2, column “Notes” (B): the value is 10,001 characters long; a cell takes at most "
        "10,000.",
        2,
        "“Notes” (B)",
        "n" * 40 + "…",
    ),
    "open-quote.csv": Told(_OPEN_QUOTE % (2, "unexpected end of data"), 2),
    "stray-quote.csv": Told(_OPEN_QUOTE % (2, "',' expected after '\"'"), 2),
    "unknown-headers.csv": Told("No column is mapped to the partner city."),
    "absurd-years.csv": Told("This date does not exist.", 2, "Signed", "0000"),
    "impossible-date.csv": Told("This date does not exist.", 2, "Signed", "31.02.2020"),
    "bad-kind.csv": Told(_KINDS, 2, "Kind", "twin town of the year"),
    "missing-city.csv": Told("The partner city is missing.", 2, "City", ""),
    "formula.csv": Told("A formula is not taken here.", 2, "Notes", '=HYPERLINK("http://x")'),
    "unknown-place.csv": Told("not in the gazetteer", 2, "City", "Atlantis"),
    "activities-no-title.csv": Told("This is required.", 2, "Title", "", "activities"),
    "memberships-backwards.csv": Told(
        "The end cannot be before the start.", 2, "Until", "2001", "memberships"
    ),
    "contacts-no-partner.csv": Told(
        "There is no partnership with this city.", 2, "City", "Seoul", "contacts"
    ),
    "formula-no-value.xlsx": Told(_FORMULA % 2, 2, "City", "=A3"),
    "formula-cached-text.xlsx": Told(_FORMULA % 4, 4, "City", "=A2"),
    "xml-entities.xlsx": Told(
        "The sheet could not be read (limit on input amplification factor (from DTD and "
        "entities) breached: line 1, column 1085): open it in a spreadsheet, save it again "
        "and try again."
    ),
}


def every_table() -> dict[str, int]:
    """The rows of every table but the import's own job and the task queue."""
    kept = {ImportJob, DBTaskResult}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model not in kept
    }


def test_the_corpus_is_the_files_beside_it_and_at_least_thirty() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "make_corpus.py")
    assert (files, len(files) >= 30) == (sorted(TOLD), True)


def _job_told(client: Client, name: str, kind: str) -> ImportJob:
    """Upload as the form does, let the worker read it, and check it if it could be read."""
    upload = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    client.post(reverse("imports:index"), {"kind": kind, "file": upload})
    run_queued_tasks()
    job = ImportJob.objects.get()
    if job.status == "uploaded":
        data = {f"column_{i}": job.mapping[h] for i, h in enumerate(job.preview["headers"])}
        client.post(reverse("imports:check", args=[job.pk]), data)
        job.refresh_from_db()
    return job


def _shown(job: ImportJob) -> list[tuple[int, str, str, str]]:
    return [(e["row"], e["column"], e["value"], e["message"]) for e in job.report["errors"]]


@pytest.mark.parametrize("name", sorted(TOLD))
def test_a_bad_file_is_told_on_the_import_page_and_changes_nothing(
    name: str, editor_client: Client, authority: Authority
) -> None:
    told = TOLD[name]
    before = every_table()
    upload_page = None
    if (CORPUS / name).stat().st_size == 0 or not name.endswith((".csv", ".tsv", ".xlsx")):
        upload = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
        upload_page = editor_client.post(
            reverse("imports:index"), {"kind": told.kind, "file": upload}
        )
        assert (upload_page.status_code, ImportJob.objects.count()) == (400, 0)
        assert escape(told.message) in upload_page.content.decode()
    else:
        job = _job_told(editor_client, name, told.kind)
        page = editor_client.get(job.get_absolute_url()).content.decode()
        if told.message == "not in the gazetteer":
            place = job.report["unresolved"][0]
            assert (place["city"], place["rows"]) == (told.value, [told.row])
        else:
            assert (told.row, told.column, told.value, told.message) in _shown(job)
        assert escape(told.message) in page
    assert every_table() == before


def _command(name: str, kind: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("import", str(CORPUS / name), "--kind", kind, stdout=out, stderr=StringIO())
    return out.getvalue() + "\n" + str(stopped.value)


@pytest.mark.parametrize("name", sorted(TOLD))
def test_a_bad_file_is_told_by_the_command_and_changes_nothing(
    name: str, authority: Authority, editor: Any
) -> None:
    told = TOLD[name]
    before = every_table()
    said = _command(name, told.kind)
    if told.message == "not in the gazetteer":
        assert "Place to settle: Atlantis, Greece (not found; rows 2)" in said
        assert said.endswith(
            "Nothing was imported: 1 place to settle, listed above (a name that matches several "
            "places or none). Choose it on the import page, or skip its rows with "
            "--skip-unresolved."
        )
    elif told.row and told.column and told.message not in said.splitlines()[-1]:
        line = f"Row {told.row}, column “{told.column}”, value “{told.value}”: {told.message}"
        assert line in said.splitlines()
    else:
        assert told.message in said
    assert every_table() == before
