"""The command line, the pages and the background task, end to end on the real database."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import AuthorityFactory
from tests.imports.helpers import run_queued_tasks, write
from twintowns.authorities.models import Authority
from twintowns.imports.models import ImportJob, JobStatus
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.usefixtures("gazetteer")
GOOD = (
    "city1,country1,city2,country2\nAnkara,Turkey,Seoul,South Korea\nAnkara,Turkey,Wien,Austria\n"
)
NEW_USER = (
    "Kardeş Şehir;Ülke;İmza Tarihi;Açıklama\n"
    "Seul;Güney Kore;18.11.1971;İlk kardeş şehir\n"
    "Viyana;Avusturya;32.01.2006;\n"
    "Atlantis;Yunanistan;2010;\n"
)


def _import(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_imports_with_a_mapping(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    path = write(tmp_path, "wiki.csv", GOOD)
    output = _import(
        str(path),
        "--kind",
        "partners",
        "--user",
        "ankara-editor",
        "--map",
        "city2=city",
        "--map",
        "country2=country",
    )
    assert "2 created, 0 already there" in output
    assert "Columns not imported: city1, country1." in output
    assert sorted(Partnership.objects.values_list("partner__name", flat=True)) == [
        "Seoul",
        "Vienna",
    ]

    again = _import(
        str(path), "--kind", "partners", "--map", "city2=city", "--map", "country2=country"
    )
    assert "0 created, 2 already there" in again


def test_the_command_with_errors_exits_non_zero_and_writes_nothing(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was imported"):
        _import(str(write(tmp_path, "new.csv", NEW_USER)), "--kind", "partners")
    assert snapshot() == before


def test_the_command_dry_run_and_skip_unresolved(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    path = write(tmp_path, "new.csv", NEW_USER.replace("32.01.2006", "2006"))
    output = _import(str(path), "--kind", "partners", "--skip-unresolved", "--dry-run")
    assert "Skipped: Atlantis, Yunanistan (not found; rows 4)" in output
    assert "Checked only: 2 would be created." in output
    assert Partnership.objects.count() == 0


def test_an_unreadable_file_stops_the_command_with_its_reason(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    with pytest.raises(CommandError, match=r"The file is empty\."):
        _import(str(write(tmp_path, "empty.csv", "")), "--kind", "partners")


def _upload(client: Client, name: str, text: str, kind: str = "partners") -> Any:
    """Upload as the form does; the worker then reads the file for the preview."""
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("imports:index"), {"kind": kind, "file": upload})
    run_queued_tasks()
    return response


def _check_post(client: Client, job: ImportJob, **choices: str) -> Any:
    headers = job.preview["headers"]
    data = {f"column_{i}": job.mapping[header] for i, header in enumerate(headers)}
    data.update(choices)
    return client.post(reverse("imports:check", args=[job.pk]), data)


# The worker closes its database connection when done: outside a test transaction, then.
@pytest.mark.django_db(transaction=True)
def test_upload_check_and_import_through_the_task_worker(
    editor_client: Client, authority: Authority, snapshot: Callable[[], dict[str, int]]
) -> None:
    response = _upload(editor_client, "yeni.csv", NEW_USER)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.mapping, job.rows_total, job.encoding) == (
        {"Kardeş Şehir": "city", "Ülke": "country", "İmza Tarihi": "signed", "Açıklama": "notes"},
        3,
        "UTF-8",
    )
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "İlk kardeş şehir" in page

    before = snapshot()
    _check_post(editor_client, job)
    job.refresh_from_db()
    assert [(e["row"], e["column"], e["value"]) for e in job.report["errors"]] == [
        (3, "İmza Tarihi", "32.01.2006")
    ]
    assert [u["city"] for u in job.report["unresolved"]] == ["Atlantis"]
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "32.01.2006" in page and "This date does not exist." in page
    assert 'id="ready"' not in page

    response = _upload(editor_client, "yeni-2.csv", NEW_USER.replace("32.01.2006", "2006"))
    job = ImportJob.objects.get(original_name="yeni-2.csv")
    _check_post(editor_client, job)
    job.refresh_from_db()
    _check_post(editor_client, job, place_0="skip")
    job.refresh_from_db()
    assert (job.status, job.report["errors"], job.report["skipped"]) == ("checked", [], [4])

    editor_client.post(reverse("imports:run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert snapshot() == before
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.report["created"]) == ("done", 3, 2)
    editor_client.post(reverse("imports:run", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.DONE  # not queued twice
    assert sorted(Partnership.objects.values_list("partner__name", "notes")) == [
        ("Seoul", "İlk kardeş şehir"),
        ("Vienna", ""),
    ]
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Imported: 2 created, 0 already there, 0 duplicate rows merged, 1 skipped." in page


def test_the_status_poll_shows_progress_then_reloads(
    editor_client: Client, authority: Authority
) -> None:
    _upload(editor_client, "p.csv", GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.IMPORTING, rows_done=1)
    url = reverse("imports:status", args=[job.pk])
    poll = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in poll and 'value="1"' in poll and 'max="2"' in poll

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = editor_client.get(url, headers={"HX-Request": "true"})
    assert (done.headers["HX-Refresh"], done.content) == ("true", b"")


def test_a_bad_upload_is_refused_on_the_form(editor_client: Client, authority: Authority) -> None:
    response = _upload(editor_client, "empty.csv", "")
    assert response.status_code == 400
    assert "The file is empty." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_viewer_cannot_upload(viewer_client: Client, authority: Authority) -> None:
    assert _upload(viewer_client, "p.csv", GOOD).status_code == 403
    assert ImportJob.objects.count() == 0


def test_another_authoritys_job_is_not_found(editor_client: Client, authority: Authority) -> None:
    job = ImportJob.objects.create(
        authority=AuthorityFactory(slug="izmir"), kind="partners", original_name="x.csv"
    )
    for name in ("job", "status"):
        assert editor_client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert editor_client.post(reverse("imports:run", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(("jobs", "queries"), [(1, 4), (3, 4)])
def test_the_start_page_lists_recent_jobs_in_fixed_queries(
    editor_client: Client,
    authority: Authority,
    jobs: int,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(jobs):
        _upload(editor_client, f"p{n}.csv", GOOD)
    with django_assert_num_queries(queries):
        page = editor_client.get(reverse("imports:index")).content.decode()
    assert page.count('<td><a href="/imports/') == jobs


@pytest.mark.parametrize(("places", "queries"), [(1, 4), (3, 4)])
def test_the_job_page_with_its_report_takes_fixed_queries(
    editor_client: Client,
    authority: Authority,
    places: int,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    text = "City,Country\n" + "".join(f"Atlantis {n},Greece\n" for n in range(places))
    _upload(editor_client, "p.csv", text)
    job = ImportJob.objects.get()
    _check_post(editor_client, job)
    with django_assert_num_queries(queries):
        page = editor_client.get(job.get_absolute_url()).content.decode()
    assert page.count("not in the gazetteer") == places


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_by_the_worker(editor_client: Client, authority: Authority) -> None:
    _upload(editor_client, "big.csv", "City,Country\n" + "Seoul,KR\n" * 2000)
    job = ImportJob.objects.get()
    _check_post(editor_client, job)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKING
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Checking rows…" in page

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.report["to_create"], job.report["counts"]["merged"]) == (
        "checked",
        2000,
        1,
        1999,
    )


def test_the_preview_says_which_encoding_a_turkish_windows_file_was_read_in(
    editor_client: Client, authority: Authority
) -> None:
    data = (Path(__file__).parent / "corpus" / "cp1254-two-rows.csv").read_bytes()
    upload = SimpleUploadedFile("sehirler.csv", data, content_type="text/csv")
    editor_client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()
    job = ImportJob.objects.get()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert (job.encoding, job.preview["headers"]) == (
        "Windows-1254 / ISO-8859-9",
        ["şehir", "ülke", "tür"],
    )
    assert '<span id="encoding">read as Windows-1254 / ISO-8859-9</span>' in page
    assert "save the file as “CSV UTF-8”" in page
