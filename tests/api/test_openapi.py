"""The OpenAPI document: made once per process and path prefix, the same to every request."""

from typing import Any

import pytest
from django.test import Client
from django.urls import set_script_prefix
from ninja import main as ninja_main

from twintowns.api import v1

URL = "/api/v1/openapi.json"


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path prefixes the document is made for, from a fresh start."""
    prefixes: list[str] = []
    make = ninja_main.get_schema

    def counted(**kwargs: Any) -> Any:
        prefixes.append(kwargs["path_prefix"])
        return make(**kwargs)

    monkeypatch.setattr(ninja_main, "get_schema", counted)
    v1._openapi_schema.cache_clear()
    return prefixes


def test_the_document_is_made_once_for_every_request(made: list[str]) -> None:
    first, second = Client().get(URL), Client().get(URL)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert "/api/v1/activities/" in first.json()["paths"]
    assert made == ["/api/v1/"]


def test_the_document_names_the_paths_under_the_prefix_it_is_served_at(
    made: list[str],
) -> None:
    plain = Client().get(URL).json()
    # As the WSGI handler does for a site served under /twintowns (the test client does not).
    set_script_prefix("/twintowns/")
    try:
        mounted = Client().get(URL).json()
    finally:
        set_script_prefix("/")

    assert "/api/v1/activities/" in plain["paths"]
    assert "/twintowns/api/v1/activities/" in mounted["paths"]
    assert Client().get(URL).json() == plain
    assert made == ["/api/v1/", "/twintowns/api/v1/"]


def test_the_document_gives_the_largest_page(made: list[str]) -> None:
    parameters = Client().get(URL).json()["paths"]["/api/v1/activities/"]["get"]["parameters"]

    limit = next(p for p in parameters if p["name"] == "limit")

    assert (limit["schema"]["maximum"], limit["schema"]["default"]) == (200, 50)


def test_the_docs_page_reads_the_document() -> None:
    page = Client().get("/api/v1/docs")

    assert page.status_code == 200
    assert URL.encode() in page.content
