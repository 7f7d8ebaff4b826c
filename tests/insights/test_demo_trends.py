"""Trends on the demo: the seed's own series read as the seed has them; each CSV is its table."""

import csv
import io
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from twintowns.demo.load import DemoReport, load_demo
from twintowns.insights.trends import Chart, chart, trends

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The seed's "CULTURE DAYS ORGANIZATIONS" per year (2014 had none) and its
# "International Conferences in Ankara (2000-2014)" per year.
SEED_CULTURE_DAYS = {
    2000: 1, 2001: 2, 2002: 1, 2003: 1, 2004: 1, 2005: 1, 2006: 1, 2007: 1, 2008: 1,
    2009: 1, 2010: 1, 2011: 1, 2012: 1, 2013: 1, 2014: 0, 2015: 2, 2016: 1,
}  # fmt: skip
SEED_CONFERENCES = {
    2000: 1, 2001: 0, 2002: 0, 2003: 0, 2004: 1, 2005: 1, 2006: 3, 2007: 2, 2008: 1,
    2009: 0, 2010: 0, 2011: 1, 2012: 2, 2013: 2, 2014: 1,
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoReport]:
    """One load for the module, in a transaction rolled back after its last test."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, TWINTOWNS_DEMO_PASSWORD="x" * 12),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def _column(found: Chart | None, label: str) -> dict[str, int]:
    assert found is not None
    index = found.columns.index(label)
    return {row.label: row.values[index] for row in found.rows}


def _years(column: dict[str, int], first: int, last: int) -> dict[int, int]:
    return {year: column[str(year)] for year in range(first, last + 1)}


def test_culture_days_per_year_read_as_the_seed_has_them(demo: DemoReport) -> None:
    by_kind = _column(
        chart(demo.authority, "activities-by-kind", timezone.localdate()), "culture days"
    )
    assert _years(by_kind, 2000, 2016) == SEED_CULTURE_DAYS
    seed = _column(
        chart(demo.authority, "culture-days-and-conferences", timezone.localdate()), "Culture days"
    )
    assert _years(seed, 2000, 2016) == SEED_CULTURE_DAYS


def test_conferences_hosted_per_year_read_as_the_seed_has_them(demo: DemoReport) -> None:
    seed = _column(
        chart(demo.authority, "culture-days-and-conferences", timezone.localdate()),
        "Conferences hosted here",
    )
    assert _years(seed, 2000, 2014) == SEED_CONFERENCES
    assert seed["2015"] == 0  # the Kharkov presentation was a conference abroad
    by_kind = _column(
        chart(demo.authority, "activities-by-kind", timezone.localdate()), "conference"
    )
    assert by_kind["2015"] == 1


def test_undated_activities_and_partnerships_are_counted_as_date_unknown(
    demo: DemoReport,
) -> None:
    by_kind = chart(demo.authority, "activities-by-kind", timezone.localdate())
    assert by_kind is not None
    unknown = by_kind.rows[-1]
    assert (unknown.label, unknown.total, unknown.drawn) == ("date unknown", 5, False)
    decades = chart(demo.authority, "partnerships-by-decade", timezone.localdate())
    assert decades is not None
    assert [(r.label, r.total) for r in decades.rows] == [
        ("1990–1999", 1),  # Beijing, 1990
        ("2000–2009", 1),  # Chișinău, 2004
        ("2010–2019", 1),  # Shenzhen, 2013
        ("date unknown", 52),
    ]


def test_every_demo_partner_is_on_a_continent(demo: DemoReport) -> None:
    continents = chart(demo.authority, "partners-by-continent", timezone.localdate())
    assert continents is not None
    assert sum(row.total for row in continents.rows) == 55
    assert continents.rows[0].label == "Asia"


class _Table(HTMLParser):
    """The cells of one table of a page, as text, row by row."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.rows = table_id, False, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", self.table_id) in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


@pytest.mark.parametrize("language", ["en", "tr"])
def test_each_csv_download_is_the_table_on_the_page(demo: DemoReport, language: str) -> None:
    client = Client(headers={"accept-language": language})
    client.force_login(User.objects.get(username="demo-viewer"))
    page = client.get(reverse("insights:trends")).content.decode()
    for found in trends(demo.authority, timezone.localdate()):
        table = _Table(f"{found.slug}-table")
        table.feed(page)
        response = client.get(reverse("insights:trend_csv", args=[found.slug]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == table.rows, found.slug
        assert len(rows) > 1
