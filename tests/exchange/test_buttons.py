"""The download buttons on the list pages carry the filters, also when htmx swaps the results."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_the_partner_list_offers_its_files_with_the_filters(editor_client):
    page = editor_client.get(reverse("partnerships:list") + "?status=active&kind=").content.decode()
    for url in ["partners.csv", "partners.xlsx", "partners.geojson", "partners.kml"]:
        assert f'download href="/exchange/{url}?status=active"' in page


def test_the_partner_buttons_follow_the_filters_htmx_applies(editor_client):
    partial = editor_client.get(
        reverse("partnerships:list") + "?continent=EU", headers=HTMX
    ).content.decode()
    assert 'download href="/exchange/partners.xlsx?continent=EU"' in partial


def test_the_activity_buttons_follow_the_filters_htmx_applies(editor_client):
    partial = editor_client.get(
        reverse("activities:list") + "?q=seul&year=2007", headers=HTMX
    ).content.decode()
    assert 'download href="/exchange/activities.csv?q=seul&amp;year=2007"' in partial
    assert 'download href="/exchange/activities.xlsx?q=seul&amp;year=2007"' in partial


def test_the_best_practice_buttons_follow_the_theme(editor_client):
    page = editor_client.get(reverse("activities:best_practices") + "?theme=culture").content
    assert b'download href="/exchange/best-practices.csv?theme=culture"' in page


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("activities:culture_days", "culture-days"),
        ("activities:conferences", "conferences"),
        ("networks:list", "organizations"),
    ],
)
def test_the_other_lists_offer_csv_and_xlsx(viewer_client, page, name):
    content = viewer_client.get(reverse(page)).content.decode()
    assert f'download href="/exchange/{name}.csv"' in content
    assert f'download href="/exchange/{name}.xlsx"' in content


def test_the_calendar_links_to_the_feeds_for_editors_only(editor_client, viewer_client):
    feeds = f'href="{reverse("exchange:feeds")}"'
    assert feeds in editor_client.get(reverse("activities:calendar")).content.decode()
    assert feeds not in viewer_client.get(reverse("activities:calendar")).content.decode()
