"""Results computed from many records, kept in the cache under the data they came from.

Two ways, one rule (docs/architecture.md, "Caching"): a result is kept by whoever computes it
(`for_authority`); a drawn fragment is kept by its template (`{% cache ... data_key %}`), and the
view that leaves its costly part to such a fragment says so where it is defined
(`drawn_from_cache`).

The key holds the authority's data version (`twintowns.authorities.versions`), read with the
authority on each request: a change anywhere makes a new key, so nothing is cleared and nothing
stale is shown, with one cache per app server (Django's default) or one shared by all.

Figures over the whole installation are different: with a thousand authorities at work, some
record changes every minute, and recounting half a million activities on the request after each
change would make every reader wait seconds. Those are kept in the "shared" cache with the state
they were counted from (`kept_for_installation`): a reader gets the last count at once, told its
time, and a stale one is counted again by the task worker (`keep_for_installation`).
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache, caches
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import get_language

from twintowns.authorities.models import Authority

# Entries of older versions are never read again; a day bounds what they hold.
TIMEOUT = 24 * 60 * 60


def drawn_from_cache[V: Callable[..., Any]](template: str) -> Callable[[V], V]:
    """Mark a view that is cheap only while `template` keeps its costly part in a
    `{% cache %}` fragment under the data version: the view hands it lazy values (querysets,
    SimpleLazyObject), read only when the fragment is drawn. Changing the template's fragment
    changes the view's cost; tests/authorities/test_caching_style.py keeps the two together."""

    def mark(view: V) -> V:
        view.drawn_from_cache = template  # type: ignore[attr-defined]  # read by the test
        return view

    return mark


def for_authority[T](authority: Authority, name: str, compute: Callable[[], T], *key: object) -> T:
    """`compute()`, once per version of the authority's data, language and `key` (e.g. today)."""
    return _cached((name, authority.pk, authority.data_version, *key), compute)


# How long one refresh may take before another may be asked for (a worker that died, say).
REFRESH_LOCK = 10 * 60


@dataclass(frozen=True)
class Kept[T]:
    """A result over the whole installation, the state it was counted from, and when."""

    value: T
    state: tuple[object, ...]
    counted_at: dt.datetime
    stale: bool = False  # the data changed since: a new count is on its way


def installation_state(*key: object) -> tuple[object, ...]:
    """What every authority's data looks like now, in one query: any change changes it."""
    state = Authority.objects.aggregate(n=Count("pk"), last=Max("pk"), versions=Sum("data_version"))
    return (state["n"], state["last"], state["versions"], *key)


def kept_for_installation[T](
    name: str, compute: Callable[[], T], refresh: Callable[[], object], *key: object
) -> Kept[T]:
    """The last `compute()` kept for the active language, computed here only if there is none.

    When the installation's state (with `key`, e.g. today) has changed since, the kept one is
    returned marked stale, and `refresh()` (which enqueues a task that calls
    `keep_for_installation`) is called once per REFRESH_LOCK, however many readers come.
    """
    shared = caches["shared"]
    entry = _key((name,))
    state = installation_state(*key)
    kept: Kept[T] | None = shared.get(entry)
    if kept is None:
        return _keep(entry, state, compute)
    if kept.state == state:
        return kept
    lock = f"{entry}:refreshing"
    # Read first: while a count runs, readers only read (an add() writes to try).
    if shared.get(lock) is None and shared.add(lock, True, REFRESH_LOCK):
        refresh()
    return replace(kept, stale=True)


def keep_for_installation[T](name: str, compute: Callable[[], T], *key: object) -> Kept[T]:
    """Count now and keep the result for the active language, with the state counted from
    (read first: a change made while counting makes the result stale, as it is)."""
    return _keep(_key((name,)), installation_state(*key), compute)


def _keep[T](entry: str, state: tuple[object, ...], compute: Callable[[], T]) -> Kept[T]:
    shared = caches["shared"]
    kept = Kept(compute(), state, timezone.now())
    shared.set(entry, kept, None)
    shared.delete(f"{entry}:refreshing")
    return kept


def _key(parts: tuple[object, ...]) -> str:
    # Hashed: parts such as a page's filters may hold spaces, which memcached refuses.
    described = ":".join(str(part) for part in (*parts, get_language()))
    return f"twintowns:{parts[0]}:{hashlib.sha256(described.encode()).hexdigest()}"


def _cached[T](parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    key = _key(parts)
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
