"""Every page a person can reach from the start page opens, in English and in Turkish."""

import re
from collections import deque

import pytest
from django.contrib.auth.models import User
from django.test import Client

from twintowns.demo.load import load_demo

# Links to files carry the `download` attribute: the crawl follows pages, and the files have tests
# of their own (a PDF per partner would make this walk slow, not stricter).
LINK = re.compile(r'<a\b(?![^>]*\bdownload\b)[^>]*\bhref="(/[^"#]*)"')
NOT_PAGES = ("/static/", "/media/", "/i18n/", "/accounts/logout/")


def _crawl(client: Client, start: str) -> dict[str, int]:
    """Status of every page reachable by links from `start` inside the site."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue:
        path = queue.popleft().replace("&amp;", "&")
        if path in seen or path.startswith(NOT_PAGES):
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(LINK.findall(response.content.decode()))
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "tr"])
def test_every_page_of_the_demo_opens_for_its_administrator(language: str) -> None:
    load_demo()
    client = Client(headers={"accept-language": language})
    client.force_login(User.objects.get(username="demo-admin"))

    statuses = _crawl(client, "/")

    broken = {path: status for path, status in statuses.items() if status != 200}
    assert broken == {}
    assert len(statuses) > 150  # every partner, activity, organization, form and history page
