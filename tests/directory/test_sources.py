"""The sources page: every import's report, its unsettled names a page at a time and as CSV."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.directory.conftest import run_import, write
from tests.directory.test_import import WIKIPEDIA
from tests.factories import UserFactory
from twintowns.directory.models import DirectorySource, NameOutcome, UnresolvedName

pytestmark = pytest.mark.usefixtures("gazetteer")


@pytest.mark.parametrize(("sources", "queries"), [(1, 4), (3, 4)])
def test_the_sources_page_shows_each_report_in_fixed_queries(
    viewer_client: Client,
    tmp_path: Path,
    sources: int,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(sources):
        run_import(write(tmp_path, f"list-{n}.csv", WIKIPEDIA))
    with django_assert_num_queries(queries):
        page = viewer_client.get(reverse("directory:sources")).content.decode()
    assert page.count('<h2 class="h5 mb-0"') == sources
    assert page.count("Georgia (country)") == sources
    assert page.count("Row 8: city2 is empty") == sources
    assert page.count('<div class="fs-5">11</div>') == sources  # rows in


def test_the_page_needs_a_sign_in(client: Client) -> None:
    response = client.get(reverse("directory:sources"))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def _names(source: DirectorySource, count: int) -> None:
    UnresolvedName.objects.bulk_create(
        UnresolvedName(
            source=source,
            city=f"Town {n:03}",
            country="Greece",
            outcome=NameOutcome.UNKNOWN if n % 2 else NameOutcome.AMBIGUOUS,
            rows=1000 - n,
            candidates=0 if n % 2 else 2,
        )
        for n in range(count)
    )


@pytest.mark.parametrize(("names", "queries"), [(1, 6), (3, 6)])
def test_the_names_page_lists_names_in_fixed_queries(
    viewer_client: Client, names: int, queries: int, django_assert_num_queries: Any
) -> None:
    source = DirectorySource.objects.create(name="wikipedia")
    _names(source, names)
    with django_assert_num_queries(queries):
        page = viewer_client.get(reverse("directory:source_names", args=["wikipedia"]))
    assert page.content.decode().count("<td>Town ") == names


def test_the_names_page_is_paginated_most_rows_first_and_filtered(viewer_client: Client) -> None:
    source = DirectorySource.objects.create(name="wikipedia")
    _names(source, 250)
    url = reverse("directory:source_names", args=["wikipedia"])

    first = viewer_client.get(url).context["page"]
    third = viewer_client.get(url, {"page": 3}).context["page"]
    unknown = viewer_client.get(url, {"outcome": "unknown"}).context["page"]

    assert [n.city for n in first][:2] == ["Town 000", "Town 001"]
    assert (len(first), len(third), third[49].city) == (100, 50, "Town 249")
    assert (unknown.paginator.count, unknown[0].city) == (125, "Town 001")


def test_all_names_download_as_csv(viewer_client: Client) -> None:
    source = DirectorySource.objects.create(name="wikipedia")
    _names(source, 150)
    response = viewer_client.get(reverse("directory:source_names_csv", args=["wikipedia"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="wikipedia-unresolved.csv"'
    assert (len(lines), lines[0], lines[1]) == (
        151,
        "city,country,outcome,rows,candidates",
        "Town 000,Greece,ambiguous,1000,2",
    )


def test_an_unknown_source_is_not_found(viewer_client: Client) -> None:
    url = reverse("directory:source_names", args=["nowhere"])
    assert viewer_client.get(url).status_code == 404


def test_a_signed_in_user_without_a_role_reads_the_sources_too(client: Client) -> None:
    DirectorySource.objects.create(name="wikipedia", report={"rows_in": 26114})
    client.force_login(UserFactory(username="analyst"))
    page = client.get(reverse("directory:sources")).content.decode()
    assert page.count('<div class="fs-5">26,114</div>') == 1


def test_a_name_like_a_formula_is_text_in_the_unresolved_names_csv(viewer_client: Client) -> None:
    source = DirectorySource.objects.create(name="wikipedia")
    UnresolvedName.objects.create(
        source=source, city="=HYPERLINK(A1)", country="+Greece", outcome=NameOutcome.UNKNOWN, rows=2
    )

    response = viewer_client.get(reverse("directory:source_names_csv", args=["wikipedia"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "'=HYPERLINK(A1),'+Greece,unknown,2,0"
