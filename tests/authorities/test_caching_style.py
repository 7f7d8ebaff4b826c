"""Caching in one style: a view that leaves its costly part to a template's `{% cache %}`
fragment says so where it is defined (`@drawn_from_cache`), and only such a view's template
keeps a fragment, under the authority's data version."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

import twintowns

TEMPLATES = Path(twintowns.__file__).parent
CACHE_TAG = re.compile(r"{%\s*cache\s[^%]*%}")


def _views(patterns: list[Any]) -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def _declared() -> dict[str, str]:
    """Each template a view declares, with the view."""
    return {
        view.drawn_from_cache: view.__qualname__
        for view in _views(get_resolver().url_patterns)
        if getattr(view, "drawn_from_cache", None)
    }


def _fragments() -> dict[str, list[str]]:
    """Each template with a {% cache %} tag, by its name, with the tags."""
    found = {}
    for path in TEMPLATES.glob("*/templates/**/*.html"):
        if tags := CACHE_TAG.findall(path.read_text()):
            found[str(path).split("/templates/", 1)[1]] = tags
    return found


def test_every_cached_fragment_has_a_view_that_says_it_depends_on_it() -> None:
    assert sorted(_declared()) == sorted(_fragments())


def test_every_fragment_is_kept_under_the_data_version_of_its_authority() -> None:
    unkeyed = {
        name: tags
        for name, tags in _fragments().items()
        if not all("data_key" in tag or "data_version" in tag for tag in tags)
    }
    assert unkeyed == {}
