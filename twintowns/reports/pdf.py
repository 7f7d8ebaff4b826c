"""HTML to PDF with WeasyPrint, offline: static files and the map are served from here."""

import mimetypes
from pathlib import Path
from typing import Any
from urllib import request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative links in the templates resolve here; nothing under it is ever fetched from a network.
BASE_URL = "https://twintowns.invalid/"


class LocalFetcher(URLFetcher):
    """Serves the given images (by name) and the static files; refuses every other URL."""

    def __init__(self, images: dict[str, bytes]) -> None:
        # URLFetcher's own __init__ builds HTTP handlers and an SSL context (70 ms) that a
        # fetcher which never opens a connection does not need; `fetch` below replaces theirs.
        request.OpenerDirector.__init__(self)
        self._fail_on_errors = False
        self.images = images

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(BASE_URL):
            raise ValueError(f"{url}: a report fetches nothing from the network")
        path = unquote(urlsplit(url).path).lstrip("/")
        if path in self.images:
            return URLFetcherResponse(url, self.images[path], {"Content-Type": "image/png"})
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        if ("/" + path).startswith(static) and (found := finders.find(path[len(static) - 1 :])):
            file = Path(found if isinstance(found, str) else found[0])
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": kind})
        raise ValueError(f"{url}: no such image or static file")


def render_pdf(
    template: str,
    context: dict[str, Any],
    request: HttpRequest | None = None,
    images: dict[str, bytes] | None = None,
) -> bytes:
    """The template rendered as a PDF; `images` are served at their names (e.g. "map.png")."""
    html = render_to_string(template, context, request=request)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher(images or {}))
    return document.write_pdf()
