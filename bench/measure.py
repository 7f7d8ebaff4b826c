"""The benchmark's measuring: server time and query count of a page, and the table they make.

Each page is requested in-process through Django's test client (the whole middleware stack,
no network): the time runs from the request to the last byte of the response (a streamed
response is read to its end), by `time.perf_counter`; the queries are counted by
`CaptureQueriesContext` around the same span. p95 is the nearest rank: the ⌈0.95·n⌉-th
smallest of n samples (with 20 samples the 19th, with 5 or fewer the largest).
"""

import csv
import io
import json
import math
import re
import signal
import statistics
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from twintowns.lib.spreadsheets import CsvDictWriter

CSV_FIELDS = [
    "scale",
    "database",
    "group",
    "page",
    "url",
    "status",
    "n",
    "median_ms",
    "p95_ms",
    "min_ms",
    "max_ms",
    "queries",
    "queries_max",
    "rows",
    "bytes",
    "ratio",
    "note",
]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def nearest_rank(values: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile: the ⌈percent/100 · n⌉-th smallest value."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Result:
    """What a page answered, `n` times: one row of the table and of the CSV."""

    group: str
    page: str
    url: str
    status: str = ""
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    rows: int | None = None
    size: int = 0
    ratio: float | None = None
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.times_ms)

    @property
    def median_ms(self) -> float | None:
        return median(self.times_ms) if self.times_ms else None

    @property
    def p95_ms(self) -> float | None:
        return nearest_rank(self.times_ms, 95) if self.times_ms else None

    @property
    def queries_vary(self) -> bool:
        return len(set(self.queries)) > 1

    def csv_row(self, scale: str, database: str) -> dict[str, Any]:
        def ms(value: float | None) -> str:
            return "" if value is None else f"{value:.1f}"

        return {
            "scale": scale,
            "database": database,
            "group": self.group,
            "page": self.page,
            "url": self.url,
            "status": self.status,
            "n": self.n,
            "median_ms": ms(self.median_ms),
            "p95_ms": ms(self.p95_ms),
            "min_ms": ms(min(self.times_ms, default=None)),
            "max_ms": ms(max(self.times_ms, default=None)),
            "queries": min(self.queries, default=""),
            "queries_max": max(self.queries, default=""),
            "rows": "" if self.rows is None else self.rows,
            "bytes": self.size,
            "ratio": "" if self.ratio is None else f"{self.ratio:.2f}",
            "note": self.note,
        }


@dataclass(frozen=True)
class Request:
    """One page to measure: its path and how it is asked for (a client, extra headers)."""

    group: str
    page: str
    path: str
    client: Client
    headers: dict[str, str] = field(default_factory=dict)
    heavy: bool = False  # an export or a document: fewer repeats


@dataclass(frozen=True)
class Plan:
    """How many times to ask: `repeat` (heavy pages `heavy_repeat`) after `warmup` unmeasured
    requests (heavy pages one), stopping early once a page has used `budget_s` seconds."""

    repeat: int = 20
    heavy_repeat: int = 5
    warmup: int = 2
    budget_s: float = 6.0
    timeout_s: float = 30.0

    def repeats(self, request: Request) -> int:
        return min(self.repeat, self.heavy_repeat) if request.heavy else self.repeat


def measure(request: Request, plan: Plan) -> Result:
    """Ask for the page as the plan says; an error is reported in the row, not raised.

    A page stops early once its samples have used the plan's budget, so a slow page has
    fewer samples (the `n` column says how many). A warm-up request slower than the whole
    budget is kept as the page's only sample, and the note says so.
    """
    result = Result(request.group, request.page, request.path)
    clock = Deadline(plan.timeout_s)
    try:
        with clock:
            if not _warm_up(request, plan, result):
                _sample(request, plan, result)
    except Exception as error:  # one broken page must not stop the whole run
        if clock.expired:
            result.status = "timeout"
            result.note = f"a request took over {plan.timeout_s:g} s: stopped there"
            connection.close()  # it may have been stopped inside a query
        else:
            result.status = "error"
            result.note = f"{type(error).__name__}: {error}"[:200]
    return result


class PageTimeout(Exception):
    pass


class Deadline:
    """Stops what runs longer than `seconds`: Python code by SIGALRM (so only in the main
    thread), and a query inside the database driver, which no signal reaches until it
    returns, by interrupting it from a timer thread (SQLite's `interrupt`, psycopg's `cancel`)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self.active = seconds > 0 and threading.current_thread() is threading.main_thread()

    def __enter__(self) -> "Deadline":
        if self.active:
            self.database = connections[DEFAULT_DB_ALIAS]  # this thread's, for the timer's use
            self.previous = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.timer = threading.Timer(self.seconds, self._interrupt_query)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.timer.cancel()

    def _raise(self, signum: int, frame: object) -> None:
        self.expired = True
        raise PageTimeout

    def _interrupt_query(self) -> None:
        self.expired = True
        driver = self.database.connection
        for stop in ("interrupt", "cancel"):  # sqlite3, psycopg
            if hasattr(driver, stop):
                getattr(driver, stop)()
                return


def _warm_up(request: Request, plan: Plan, result: Result) -> bool:
    """Unmeasured requests first; True when one of them was slow enough to stand alone."""
    for _ in range(min(plan.warmup, 1) if request.heavy else plan.warmup):
        seconds, count, response, body = _fetch(request)
        if seconds > plan.budget_s:
            _record(result, seconds, count, response, body)
            result.note = f"one request only: slower than the {plan.budget_s:g} s budget"
            return True
    return False


def _sample(request: Request, plan: Plan, result: Result) -> None:
    spent = 0.0
    for _ in range(plan.repeats(request)):
        seconds, count, response, body = _fetch(request)
        _record(result, seconds, count, response, body)
        spent += seconds
        if spent > plan.budget_s and result.n < plan.repeats(request):
            result.note = f"stopped after {result.n}: {plan.budget_s:g} s budget used"
            return


def _record(
    result: Result, seconds: float, count: int, response: HttpResponseBase, body: bytes
) -> None:
    result.times_ms.append(seconds * 1000)
    result.queries.append(count)
    result.status = str(response.status_code)
    result.size = len(body)
    if result.n == 1:  # counted once: parsing a large export each time would slow the run
        result.rows = count_rows(response.get("Content-Type", ""), body)


def _fetch(request: Request) -> tuple[float, int, HttpResponseBase, bytes]:
    # The log keeps the last 9,000 queries and CaptureQueriesContext counts by its length:
    # emptied first, it cannot be full (which would count 0) whatever ran before.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = request.client.get(request.path, headers=request.headers)
        body = _body(response)
        seconds = time.perf_counter() - started
    return seconds, len(queries), response, body


def _body(response: HttpResponseBase) -> bytes:
    if isinstance(response, StreamingHttpResponse) or getattr(response, "streaming", False):
        # Read to its end, the test client closes the response itself, with Django's closing of
        # old connections held off; closing it again here would close the database connection
        # (a test's transaction on PostgreSQL with it).
        return b"".join(response.streaming_content)  # type: ignore[attr-defined, arg-type]
    return response.content  # type: ignore[attr-defined, no-any-return]


TBODY = re.compile(rb"<tbody\b.*?</tbody>", re.DOTALL)


def count_rows(content_type: str, body: bytes) -> int | None:
    """Rows the response holds, where its format tells: table rows, CSV lines, JSON items."""
    kind = content_type.split(";")[0].strip()
    if kind == "text/html":
        return sum(block.count(b"<tr") for block in TBODY.findall(body)) or None
    if kind == "text/csv":
        text = body.decode("utf-8-sig", errors="replace")
        return max(0, len(list(csv.reader(io.StringIO(text)))) - 1)
    if kind == "text/calendar":
        return body.count(b"BEGIN:VEVENT")
    if "kml" in kind:
        return body.count(b"<Placemark")
    if "json" in kind:
        return _json_rows(body)
    return None


def _json_rows(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, dict):
        for key in ("features", "items", "results"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return len(data) if isinstance(data, list) else None


def side_by_side(ours: Result, theirs: Result, label: str) -> Result:
    """A row with their median over ours: above 1, ours is faster."""
    row = Result("side-by-side", label, "", status="")
    if ours.median_ms and theirs.median_ms:
        row.ratio = theirs.median_ms / ours.median_ms
        faster = "ours faster" if row.ratio > 1 else "theirs faster"
        row.note = f"{theirs.page} ÷ {ours.page} (median); {faster}"
    else:
        row.note = "not measured"
    return row


# The printed table --------------------------------------------------------------------


def table_lines(results: Iterable[Result], scale: str, database: str) -> Iterator[str]:
    header = f"{'page':<46} {'scale':<9} {'db':<10} {'n':>3} {'median':>8} {'p95':>8} "
    header += f"{'queries':>9} {'rows':>6} {'bytes':>9}  note"
    yield header
    yield "-" * len(header)
    for r in results:
        yield _table_line(r, scale, database)


def _table_line(r: Result, scale: str, database: str) -> str:
    def ms(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    queries = _queries_cell(r)
    rows = "" if r.rows is None else str(r.rows)
    note = r.note
    if r.ratio is not None:
        note = f"ratio {r.ratio:.2f}: {note}"
    elif r.status not in ("200", ""):
        note = f"status {r.status} {note}".strip()
    return (
        f"{r.page[:46]:<46} {scale[:9]:<9} {database[:10]:<10} {r.n:>3} {ms(r.median_ms):>8} "
        f"{ms(r.p95_ms):>8} {queries:>9} {rows:>6} {r.size or '':>9}  {note}"
    ).rstrip()


def _queries_cell(r: Result) -> str:
    if not r.queries:
        return ""
    if r.queries_vary:
        return f"{min(r.queries)}-{max(r.queries)}*"
    return str(r.queries[0])


def write_csv(
    path: Path, results: Iterable[Result], scale: str, database: str, append: bool
) -> None:
    """Write the rows; with `append`, add them under those already there (one header)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not append or not path.exists() or path.stat().st_size == 0
    with path.open("w" if not append else "a", encoding="utf-8", newline="") as f:
        writer = CsvDictWriter(f, CSV_FIELDS)
        if new:
            writer.writeheader()
        for result in results:
            writer.writerow(result.csv_row(scale, database))


# The summary of a whole run ------------------------------------------------------------

SLOW_MS = 150.0
SCALES = ["demo", "metro", "national"]


def summary_lines(path: Path, slow_ms: float = SLOW_MS) -> Iterator[str]:
    """What a reader of the whole CSV looks for first: setup times, the side-by-side ratios,
    pages over `slow_ms` at p95, failures, and query counts that are not fixed."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    measured = [r for r in rows if r["group"] not in ("setup", "skipped") and r["p95_ms"]]
    yield "Setup steps (s):"
    for r in rows:
        if r["group"] == "setup":
            seconds = float(r["median_ms"]) / 1000
            yield f"  {r['database']:<9} {r['scale']:<9} {r['page']:<40} {seconds:8.1f}"
    yield "Side by side (their median ÷ ours; above 1, ours is faster):"
    for r in rows:
        if r["ratio"]:
            yield f"  {r['database']:<9} {r['scale']:<9} {r['page']:<52} {r['ratio']}"
    yield f"p95 over {slow_ms:g} ms (slowest first):"
    slow = [r for r in measured if float(r["p95_ms"]) > slow_ms]
    for r in sorted(slow, key=lambda r: -float(r["p95_ms"])):
        yield (
            f"  {r['database']:<9} {r['scale']:<15} {r['page'][:46]:<46} "
            f"p95 {float(r['p95_ms']):8.1f}  queries {r['queries']}"
        )
    yield "Not answered as expected:"
    for r in rows:
        if r["status"] not in ("200", "ok", "skipped", ""):
            yield f"  {r['database']:<9} {r['scale']:<9} {r['page']}: {r['status']} {r['note']}"
    yield from _query_growth(measured)


def _query_growth(measured: list[dict[str, str]]) -> Iterator[str]:
    yield "Query counts that vary between requests (*) or grow with the scale:"
    by_page: dict[tuple[str, str], dict[str, str]] = {}
    for r in measured:
        if r["queries"] != r["queries_max"]:
            spread = f"{r['queries']}-{r['queries_max']}"
            yield f"  * {r['database']:<9} {r['scale']:<9} {r['page']}: {spread}"
        if r["scale"] in SCALES:
            by_page.setdefault((r["database"], r["page"]), {})[r["scale"]] = r["queries_max"]
    for (database, page), counts in by_page.items():
        if len(set(counts.values())) > 1:
            shown = ", ".join(f"{scale} {counts[scale]}" for scale in SCALES if scale in counts)
            yield f"  {database:<9} {page}: {shown}"


# The table of a whole run, as docs/benchmark.md shows it -----------------------------------


def markdown_lines(path: Path, slow_ms: float = SLOW_MS) -> Iterator[str]:
    """The CSV of a run as one Markdown table: a row per page, a column per scale and
    database in the order measured; each cell "median / p95 / queries", ⚠ past `slow_ms`."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["group"] not in ("setup", "skipped")]
    rows = [r for r in rows if r["p95_ms"] and not r["ratio"]]
    columns = list(dict.fromkeys((r["scale"], r["database"]) for r in rows))
    cells: dict[str, dict[tuple[str, str], str]] = {}
    for r in rows:
        cells.setdefault(r["page"], {})[(r["scale"], r["database"])] = _markdown_cell(r, slow_ms)
    yield "| page | " + " | ".join(f"{scale} {database}" for scale, database in columns) + " |"
    yield "| --- |" + " ---: |" * len(columns)
    for page, found in cells.items():
        yield f"| {page} | " + " | ".join(found.get(column, "") for column in columns) + " |"


def _markdown_cell(r: dict[str, str], slow_ms: float) -> str:
    def ms(value: str) -> str:
        number = float(value)
        return f"{number:.1f}" if number < 10 else f"{number:,.0f}"

    queries = (
        r["queries"] if r["queries"] == r["queries_max"] else f"{r['queries']}-{r['queries_max']}*"
    )
    slow = " ⚠" if float(r["p95_ms"]) > slow_ms else ""
    return f"{ms(r['median_ms'])} / {ms(r['p95_ms'])} / {queries}{slow}"
