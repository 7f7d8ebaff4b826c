"""A new user's own spreadsheet: Turkish headers, two bad rows, fixed, imported, listed."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from tests.places.conftest import VIENNA, VIENNA_VIRGINIA, VIENNA_WEST_VIRGINIA
from twintowns.places.models import Place
from twintowns.places.services import gazetteer_load

pytestmark = pytest.mark.e2e
IGDIR = 311665
SHEET = (
    "Kardeş Şehir;Ülke;İlişki Türü;İmza Tarihi;Notlar\n"
    "Viyana;Avusturya;kardeş şehir;12.05.2008;Çevre ve toplu taşıma işbirliği\n"
    "Iğdır;Türkiye;dostluk;2019;Doğu Anadolu'daki dost kentimiz\n"
    "Vienna;ABD;ortak şehir;31.13.2010;\n"
    "Atlantis;Yunanistan;ikiz şehir;2001;\n"
    "Kişinev;Moldova;kardeş şehir;;\n"
)


def _upload(page: Page, base: str, name: str, text: str) -> None:
    page.goto(f"{base}/imports/")
    page.get_by_label("The file lists").select_option("partners")
    page.get_by_label("File (CSV, TSV or XLSX)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("#progress")).to_contain_text("Reading the file…")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.locator("#mapping")).to_be_visible()  # the page reloads once it is read


def test_a_new_user_imports_their_own_sheet_fixing_the_errors(
    live_server, demo, page: Page, screenshot: Callable[[str], Path]
) -> None:
    gazetteer_load(geonameids={VIENNA, VIENNA_VIRGINIA, VIENNA_WEST_VIRGINIA, IGDIR})
    log_in(page, live_server.url, "demo-editor")

    _upload(page, live_server.url, "kardes-sehirler.csv", SHEET)
    expect(page.get_by_label("Kardeş Şehir")).to_have_value("city")
    expect(page.get_by_label("İmza Tarihi")).to_have_value("signed")
    expect(page.locator("#mapping")).to_contain_text("Doğu Anadolu'daki dost kentimiz")
    screenshot("import-1-preview")

    page.get_by_role("button", name="Check").click()
    errors = page.locator("#errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("31.13.2010")
    expect(errors.nth(0)).to_contain_text("This date does not exist.")
    expect(errors.nth(1)).to_contain_text("ikiz şehir")
    expect(page.locator("#places")).to_contain_text("Atlantis, Yunanistan")
    expect(page.locator("#ready")).to_have_count(0)
    screenshot("import-2-errors")

    fixed = SHEET.replace("31.13.2010", "31.12.2010").replace("ikiz şehir", "kardeş şehir")
    _upload(page, live_server.url, "kardes-sehirler-duzeltilmis.csv", fixed)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#errors")).to_have_count(0)
    virginia = Place.objects.get(geonameid=VIENNA_VIRGINIA)
    page.get_by_label("Vienna, ABD").select_option(str(virginia.pk))
    page.get_by_label("Atlantis, Yunanistan").select_option("skip")
    screenshot("import-3-places")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#ready")).to_contain_text(
        "Ready: 3 to create, 1 already there, 0 duplicate rows merged, 1 skipped."
    )

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#progress")).to_be_visible()
    screenshot("import-4-waiting")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.locator("#result")).to_contain_text("Imported: 3 created, 1 already there")
    screenshot("import-5-done")

    page.get_by_role("link", name="See the partners").click()
    rows = page.locator("#results tbody")
    for name in ("Vienna", "Iğdır"):
        expect(rows).to_contain_text(name)
    expect(page.locator("#results")).to_contain_text("58 partners")
    screenshot("import-6-partners")
