"""Results computed from many records, kept in the cache under the data they came from.

The key holds the authority's data version (`twintowns.authorities.versions`), read with the
authority on each request: a change anywhere makes a new key, so nothing is cleared and nothing
stale is shown, with one cache per app server (Django's default) or one shared by all.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from twintowns.authorities.models import Authority

# Entries of older versions are never read again; a day bounds what they hold.
TIMEOUT = 24 * 60 * 60


def for_authority[T](authority: Authority, name: str, compute: Callable[[], T], *key: object) -> T:
    """`compute()`, once per version of the authority's data, language and `key` (e.g. today)."""
    return _cached((name, authority.pk, authority.data_version, *key), compute)


def for_installation[T](name: str, compute: Callable[[], T], *key: object) -> T:
    """`compute()` over every authority, once per version of all their data (one query)."""
    state = Authority.objects.aggregate(n=Count("pk"), last=Max("pk"), versions=Sum("data_version"))
    return _cached((name, state["n"], state["last"], state["versions"], *key), compute)


def _cached[T](parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    # Hashed: parts such as a page's filters may hold spaces, which memcached refuses.
    described = ":".join(str(part) for part in (*parts, get_language()))
    key = f"twintowns:{parts[0]}:{hashlib.sha256(described.encode()).hexdigest()}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
