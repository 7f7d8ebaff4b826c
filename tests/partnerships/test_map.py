"""The partner map: its GeoJSON (RFC 7946), the list's filters, its cost, its CSP."""

import datetime as dt
import runpy

import pytest
from django.urls import reverse

import twintowns.settings
from tests.factories import ActivityFactory, CountryFactory, PartnershipFactory, PlaceFactory
from twintowns.partnerships.models import Kind, Status

pytestmark = pytest.mark.django_db

GEOJSON = reverse("partnerships:geojson")
MAP = reverse("partnerships:map")


def _seoul(authority):
    seoul = PlaceFactory(name="Seoul", names=["Seul"], latitude=37.566, longitude=126.9784)
    partnership = PartnershipFactory(
        authority=authority,
        partner=seoul,
        kind=Kind.SISTER_CITY,
        status=Status.ACTIVE,
        signed_on=dt.date(2006, 1, 1),
        signed_precision="year",
    )
    for day in [dt.date(2007, 5, 1), dt.date(2014, 10, 9)]:
        ActivityFactory(authority=authority, starts_on=day, partnerships=[partnership])
    return partnership


def _partner(authority, name, country=None, **fields):
    place = PlaceFactory(name=name, country=country or CountryFactory())
    return PartnershipFactory(authority=authority, partner=place, **fields)


def _names(response):
    return [feature["properties"]["name"] for feature in response.json()["features"]]


def test_geojson_is_a_feature_collection_of_points_in_lon_lat_order(editor_client, authority):
    seoul = _seoul(authority)
    response = editor_client.get(GEOJSON)
    assert response["Content-Type"] == "application/geo+json"
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": seoul.pk,
                "geometry": {"type": "Point", "coordinates": [126.9784, 37.566]},
                "properties": {
                    "name": "Seoul",
                    "country": "South Korea",
                    "kind": "sister",
                    "kind_label": "sister city",
                    "status": "active",
                    "status_label": "active",
                    "signed": "2006",
                    "activity_count": 2,
                    "last_activity": 2014,
                    "url": f"/partners/{seoul.pk}/",
                },
            }
        ],
    }


def test_geojson_coordinates_are_numbers_within_range_at_the_edges_of_the_world(
    editor_client, authority
):
    edges = {"Suva": (-18.14, 178.44), "Apia": (-13.83, -171.77), "Longyearbyen": (78.22, 15.65)}
    for name, (latitude, longitude) in edges.items():
        PartnershipFactory(
            authority=authority,
            partner=PlaceFactory(name=name, latitude=latitude, longitude=longitude),
        )
    features = editor_client.get(GEOJSON).json()["features"]
    coordinates = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in features}
    assert coordinates == {name: [lon, lat] for name, (lat, lon) in edges.items()}
    for lon, lat in coordinates.values():
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_labels_come_in_the_readers_language(editor_client, authority):
    _seoul(authority)
    response = editor_client.get(GEOJSON, headers={"accept-language": "tr"})
    properties = response.json()["features"][0]["properties"]
    assert (properties["country"], properties["kind_label"], properties["status_label"]) == (
        "Güney Kore",
        "kardeş şehir",
        "aktif",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Kyiv", "Lisbon", "Seoul"]),
        ({"q": "seul"}, ["Seoul"]),
        ({"kind": "friendship"}, ["Kyiv"]),
        ({"status": "dormant"}, ["Lisbon"]),
        ({"continent": "EU"}, ["Kyiv", "Lisbon"]),
        ({"country": "PT"}, ["Lisbon"]),
        ({"continent": "EU", "status": "active"}, ["Kyiv"]),
        ({"q": "nowhere"}, []),
    ],
)
def test_geojson_applies_the_partner_lists_filters(editor_client, authority, query, expected):
    _seoul(authority)
    europe = {"continent": "EU"}
    _partner(authority, "Kyiv", CountryFactory(code="UA", **europe), kind=Kind.FRIENDSHIP)
    _partner(authority, "Lisbon", CountryFactory(code="PT", **europe), status=Status.DORMANT)
    assert _names(editor_client.get(GEOJSON, query)) == expected


def test_geojson_lists_only_the_authoritys_own_partners(editor_client, authority, other_authority):
    _partner(authority, "Seoul")
    _partner(other_authority, "Smyrna")
    assert _names(editor_client.get(GEOJSON)) == ["Seoul"]
    assert "Smyrna" not in editor_client.get(MAP).text


@pytest.mark.parametrize("url", [GEOJSON, MAP])
def test_the_map_and_its_data_need_a_login(client, authority, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _partners_with_activities(authority, n):
    partnerships = [_partner(authority, f"City {i}") for i in range(n)]
    for partnership in partnerships:
        ActivityFactory(authority=authority, partnerships=[partnership])
    return partnerships


@pytest.mark.parametrize("n", [1, 3])
def test_geojson_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    _partners_with_activities(authority, n)
    with django_assert_num_queries(4):
        response = editor_client.get(GEOJSON, {"kind": "sister"})
    assert _names(response) == [f"City {i}" for i in range(n)]


@pytest.mark.parametrize("n", [1, 3])
def test_map_page_costs_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    _partners_with_activities(authority, n)
    with django_assert_num_queries(6):
        response = editor_client.get(MAP)
    assert [p.partner.name for p in response.context["partnerships"]] == [
        f"City {i}" for i in range(n)
    ]


def test_map_page_lists_the_partners_for_readers_without_javascript(editor_client, authority):
    _seoul(authority)
    response = editor_client.get(MAP, {"q": "seul", "kind": ""})
    assert response.context["query"] == "q=seul"
    assert f'data-geojson-url="{GEOJSON}?q=seul"' in response.text
    assert 'href="/partners/?q=seul"' in response.text  # back to the list, same filters
    table = response.text[response.text.index("<table") : response.text.index("</table>")]
    assert ">Seoul</a>" in table and "South Korea" in table and "2014" in table


def test_map_filters_swap_only_the_results_for_htmx(editor_client, authority):
    _seoul(authority)
    response = editor_client.get(MAP, {"status": "dormant"}, headers={"hx-request": "true"})
    assert response.text.lstrip().startswith('<div id="map-data"')
    assert f'data-geojson-url="{GEOJSON}?status=dormant"' in response.text
    assert "No partner matches." in response.text
    assert "<form" not in response.text


def test_partner_list_links_to_the_map_with_its_filters(editor_client, authority):
    _seoul(authority)
    response = editor_client.get(reverse("partnerships:list"), {"q": "seul", "status": "active"})
    assert f'href="{MAP}?q=seul&amp;status=active"' in response.text


def _settings_with_env(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A fresh run of the settings module; Django's own settings object is left alone.
    return runpy.run_path(twintowns.settings.__file__)


def test_the_csp_lets_in_the_configured_tile_server_and_nothing_else(
    editor_client, authority, settings, monkeypatch
):
    default = _settings_with_env(monkeypatch)
    assert default["SECURE_CSP"]["img-src"] == ["'self'", "data:"]

    online = _settings_with_env(
        monkeypatch,
        TWINTOWNS_MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png",
        TWINTOWNS_MAP_TILE_ATTRIBUTION="© Example contributors",
    )
    assert online["SECURE_CSP"]["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]

    for name in ["SECURE_CSP", "TWINTOWNS_MAP_TILE_URL", "TWINTOWNS_MAP_TILE_ATTRIBUTION"]:
        setattr(settings, name, online[name])
    response = editor_client.get(MAP)
    assert "img-src 'self' data: https://*.tile.example.org;" in response["Content-Security-Policy"]
    assert 'data-tile-url="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in response.text
    assert 'data-tile-attribution="© Example contributors"' in response.text


def test_a_tile_url_that_is_not_http_stops_the_start(monkeypatch):
    with pytest.raises(ValueError, match="TWINTOWNS_MAP_TILE_URL"):
        _settings_with_env(monkeypatch, TWINTOWNS_MAP_TILE_URL="tile.example.org/{z}/{x}/{y}")
