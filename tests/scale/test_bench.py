"""`twintowns bench`: its statistics, its catalogue of pages, and a run at demo scale (no timing
assertions: CI runs it so that the benchmark cannot rot)."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bench.measure import (
    CSV_FIELDS,
    Plan,
    Request,
    Result,
    count_rows,
    markdown_lines,
    measure,
    median,
    nearest_rank,
    summary_lines,
    write_csv,
)
from bench.pages import (
    EXCLUDED,
    IGNORED_PREFIXES,
    bench_actors,
    bench_requests,
    bench_targets,
    covered_url_names,
    selected,
)
from twintowns.authorities.models import Authority
from twintowns.demo.load import load_demo


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([5.0, 1.0, 3.0]) == 3.0


def test_p95_is_the_nearest_rank() -> None:
    twenty = [float(n) for n in range(20, 0, -1)]
    assert nearest_rank(twenty, 95) == 19.0  # ⌈0.95 × 20⌉ = 19th smallest
    assert nearest_rank([float(n) for n in range(1, 101)], 95) == 95.0
    assert nearest_rank([3.0, 1.0, 2.0, 5.0, 4.0], 95) == 5.0  # five samples: the largest
    assert nearest_rank([7.0], 95) == 7.0


def test_rows_are_counted_in_each_format() -> None:
    html = b"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr><tr></tr></tbody>"
    assert count_rows("text/html; charset=utf-8", html) == 2
    assert count_rows("text/csv", '\ufeffa,b\n1,"two\nlines"\n3,4\n'.encode()) == 2
    assert count_rows("application/json", b'{"count": 9, "items": [1, 2, 3]}') == 3
    assert count_rows("application/geo+json", b'{"features": [{}, {}]}') == 2
    assert count_rows("application/pdf", b"%PDF") is None


def test_a_run_prints_as_one_markdown_table_a_column_per_scale_and_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "results.csv"
    rows = [
        ("demo", "sqlite", "office", "home", "12.34", "16", "3", "3", ""),
        ("demo", "postgresql", "office", "home", "15", "151", "3", "4", ""),
        ("demo", "sqlite", "export", "list .csv", "1234", "2345", "6", "6", ""),
        ("demo", "sqlite", "setup", "migrate", "8000", "8000", "", "", ""),
        ("demo", "sqlite", "side", "ratio admin ÷ ours", "", "", "", "", "2.50"),
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for scale, database, group, page, median_ms, p95, q, q_max, ratio in rows:
            writer.writerow(
                {
                    "scale": scale,
                    "database": database,
                    "group": group,
                    "page": page,
                    "median_ms": median_ms,
                    "p95_ms": p95,
                    "queries": q,
                    "queries_max": q_max,
                    "ratio": ratio,
                }
            )

    assert list(markdown_lines(path)) == [
        "| page | demo sqlite | demo postgresql |",
        "| --- | ---: | ---: |",
        "| home | 12 / 16 / 3 | 15 / 151 / 3-4* ⚠ |",
        "| list .csv | 1,234 / 2,345 / 6 ⚠ |  |",
    ]


def test_a_result_like_a_formula_is_written_as_text_in_the_csv(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    result = Result("office", "=HYPERLINK(A1)", "/", times_ms=[1.0], note="+cmd|' /C calc'!A0")

    write_csv(path, [result], "demo", "sqlite", append=False)

    with path.open(encoding="utf-8", newline="") as f:
        row = next(csv.DictReader(f))
    assert (row["page"], row["note"], row["median_ms"]) == (
        "'=HYPERLINK(A1)",
        "'+cmd|' /C calc'!A0",
        "1.0",
    )


@pytest.mark.django_db
def test_queries_are_counted_even_once_the_query_log_is_full(editor_client: Client) -> None:
    request = Request("office", "profile", "/profile/", editor_client)
    plan = Plan(repeat=2, warmup=1)
    fresh = measure(request, plan)
    connection.queries_log.extend([{"sql": "", "time": "0"}] * connection.queries_limit)

    after_many = measure(request, plan)

    assert fresh.queries == after_many.queries
    assert fresh.queries[0] > 0
    assert (fresh.status, after_many.status) == ("200", "200")


def _named_urls(patterns: list[URLPattern | URLResolver], route: str = "", namespace: str = ""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif pattern.name:
            yield namespace + pattern.name, route + str(pattern.pattern)


def test_every_named_url_is_benched_or_excluded_with_a_reason() -> None:
    ours = {
        name
        for name, route in _named_urls(get_resolver().url_patterns)
        if not route.startswith(IGNORED_PREFIXES) and not name.startswith(IGNORED_PREFIXES)
    }
    covered = covered_url_names()

    assert ours - covered - set(EXCLUDED) == set()  # a new page: add it to PAGES, or to EXCLUDED
    assert set(EXCLUDED) - ours == set()  # an exclusion of a URL that is gone
    assert covered & set(EXCLUDED) == set()
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_short_set_and_a_selection_by_name() -> None:
    assert [page.label for page in selected("short")] == [
        "home",
        "partners",
        "partner detail",
        "activities",
        "trends",
        "health",
        "API partners",
    ]
    assert {page.label for page in selected("twinnings, reconcile")} == {
        "twinnings",
        "twinnings ?page=100",
        "twinnings ?country=",
        "twinnings ?q=",
        "reconcile",
    }


@pytest.mark.django_db
def test_the_benchmark_at_demo_scale_answers_every_page_and_counts_its_queries(
    tmp_path: Path,
) -> None:
    load_demo()
    results = tmp_path / "results.csv"

    call_command(
        "bench",
        label="demo",
        authority="ankara",
        repeat=1,
        heavy_repeat=1,
        warmup=0,
        csv=results,
    )

    with results.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ankara = Authority.objects.get(slug="ankara")
    actors = bench_actors(ankara)
    expected, skipped = bench_requests(selected(""), bench_targets(ankara, "x"), actors)
    measured = [r for r in rows if r["group"] not in ("skipped", "background") and not r["ratio"]]
    assert [r["page"] for r in measured] == [request.page for request in expected]
    # What the task worker spends counting the union's figures, measured before the pages.
    [union] = [r for r in rows if r["group"] == "background"]
    assert union["page"] == "union figures counted (task worker)"
    assert union["n"] == "1" and int(union["queries"]) > 10
    assert {(r["page"], r["status"]) for r in measured} == {(r["page"], "200") for r in measured}
    assert all(r["n"] == "1" and r["queries"].isdigit() for r in measured)
    # No directory is loaded in tests: only its source's pages have nothing to show.
    assert [(r["page"], r["status"]) for r in rows if r["group"] == "skipped"] == [
        ("directory source names", "skipped"),
        ("unresolved names .csv", "skipped"),
    ]
    assert [s.page for s in skipped] == ["directory source names", "unresolved names .csv"]
    [ratio] = [r for r in rows if r["ratio"]]
    assert ratio["page"] == "ratio admin ÷ ours: partners"
    assert any("ratio admin ÷ ours" in line for line in summary_lines(results))
