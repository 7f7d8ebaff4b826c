"""Side by side over HTTP: the directory's table at /network/twinnings/ against Datasette's
table page of `directory_twinning`, the same rows from the same SQLite file.

Both are asked over loopback, one request at a time, the same number of times (after the
same warm-up); the time runs from sending the request to reading the last byte of the
response. Ours is gunicorn serving the site, signed in by a session cookie; Datasette
labels the two foreign keys with the places' names as ours shows them.
"""

import time
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from django.conf import settings

from bench.measure import Result, count_rows, side_by_side
from twintowns.directory.models import Twinning

PAGE_SIZE = 100
DEEP_PAGE = 100
TABLE = "directory_twinning"
# Filters with many matches in the shipped directory, the same on every run.
COUNTRY = "FR"
SEARCH = "berl"


@dataclass(frozen=True)
class Pair:
    label: str
    ours: str  # query string of /network/twinnings/
    theirs: str  # query string of Datasette's table page


def pairs(country: str, search: str) -> list[Pair]:
    """First page, a deep page, a country on either side, a place name (a prefix of any of
    its names, or of a word in one) on either side: each as the other side expresses it."""
    deep_after = _pk_before_page(DEEP_PAGE)
    either = "place_a_id in ({0}) or place_b_id in ({0})"
    in_country = f"select id from places_place where country_id = '{_sql_text(country)}'"
    prefix = _sql_text(search.lower())
    named = (
        f"select place_id from places_placename where folded like '{prefix}%' union "
        f"select place_id from places_placenametail where folded like '{prefix}%'"
    )
    size = {"_size": PAGE_SIZE}
    return [
        Pair("first page", "", urlencode(size)),
        Pair(
            f"page {DEEP_PAGE}",
            urlencode({"page": DEEP_PAGE}),
            urlencode({**size, "_next": deep_after}),
        ),
        Pair(
            f"country={country}",
            urlencode({"country": country}),
            urlencode({**size, "_where": either.format(in_country)}),
        ),
        Pair(
            f"q={search}",
            urlencode({"q": search}),
            urlencode({**size, "_where": either.format(named)}),
        ),
    ]


def _pk_before_page(page: int) -> int:
    """Datasette pages by key (`_next` is the last id shown), ours by number: the id that
    ends the page before `page`, in the same order (by id) both use."""
    ids = Twinning.objects.order_by("pk").values_list("pk", flat=True)
    return ids[(page - 1) * PAGE_SIZE - 1]


def _sql_text(value: str) -> str:
    return value.replace("'", "''")


def compare(
    ours_base: str,
    datasette_base: str,
    database: str,
    session_key: str,
    requests: int,
    warmup: int,
    country: str,
    search: str,
) -> list[Result]:
    """Ours and Datasette, pair by pair, then the ratio of their medians."""
    ours = _opener({settings.SESSION_COOKIE_NAME: session_key})
    theirs = _opener({})
    results: list[Result] = []
    for pair in pairs(country, search):
        our_url = f"{ours_base}/network/twinnings/" + (f"?{pair.ours}" if pair.ours else "")
        their_url = f"{datasette_base}/{database}/{TABLE}?{pair.theirs}"
        mine = _measure(ours, our_url, f"http: twinnings {pair.label} (ours)", requests, warmup)
        other = _measure(theirs, their_url, f"http: Datasette {pair.label}", requests, warmup)
        results += [mine, other, side_by_side(mine, other, f"ratio Datasette ÷ ours: {pair.label}")]
    return results


def _opener(cookies: dict[str, str]) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.addheaders = [("Accept-Language", "en")]
    if cookies:
        opener.addheaders.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
    return opener


def _measure(
    opener: urllib.request.OpenerDirector, url: str, label: str, requests: int, warmup: int
) -> Result:
    result = Result("side-by-side", label, url)
    try:
        for _ in range(warmup):
            _get(opener, url)
        for _ in range(requests):
            seconds, status, content_type, body, final = _get(opener, url)
            result.times_ms.append(seconds * 1000)
        result.status = str(status)
        result.size = len(body)
        result.rows = count_rows(content_type, body)
        if final != url:
            result.status, result.note = "redirect", f"ended at {final}"
    except OSError as error:
        result.status, result.note = "error", f"{type(error).__name__}: {error}"[:200]
    return result


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[float, int, str, bytes, str]:
    started = time.perf_counter()
    with opener.open(url, timeout=60) as response:
        body = response.read()
        seconds = time.perf_counter() - started
        return (
            seconds,
            response.status,
            response.headers.get("Content-Type", ""),
            body,
            response.url,
        )
