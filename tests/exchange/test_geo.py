"""Partners as GeoJSON (RFC 7946, checked by a validator) and as KML 2.2 that parses back."""

import datetime as dt
import json
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from geojson_pydantic import FeatureCollection

from tests.factories import CountryFactory, PartnershipFactory, PlaceFactory
from twintowns.partnerships.models import Kind, Status

pytestmark = pytest.mark.django_db

GEOJSON = reverse("exchange:partners_geojson")
KML = reverse("exchange:partners_kml")
NS = {"kml": "http://www.opengis.net/kml/2.2"}
TODAY = timezone.localdate().isoformat()  # the office's day names the files


def _partners(authority):
    korea = CountryFactory()
    seoul = PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Seoul", country=korea, latitude=37.566, longitude=126.9784),
        kind=Kind.SISTER_CITY,
        status=Status.ACTIVE,
        signed_on=dt.date(2006, 1, 1),
        signed_precision="year",
    )
    fiji = CountryFactory(code="FJ", name="Fiji", name_tr="Fiji", continent="OC")
    suva = PartnershipFactory(
        authority=authority,
        partner=PlaceFactory(name="Suva & <Lami>", country=fiji, latitude=-18.14, longitude=178.44),
        kind=Kind.FRIENDSHIP,
        status=Status.DORMANT,
    )
    return seoul, suva


def test_geojson_export_is_a_valid_rfc_7946_collection_in_lon_lat_order(
    editor_client, authority, other_authority
):
    seoul, _suva = _partners(authority)
    PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Izmir's partner"))

    response = editor_client.get(GEOJSON)
    data = json.loads(response.content)
    collection = FeatureCollection.model_validate(data)

    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ankara-partners-{TODAY}.geojson"'
    )
    assert "crs" not in data
    assert [(f.geometry.type, f.geometry.coordinates) for f in collection.features] == [
        ("Point", (126.9784, 37.566)),
        ("Point", (178.44, -18.14)),
    ]
    assert data["features"][0]["properties"] == {
        "name": "Seoul",
        "country": "South Korea",
        "kind": "sister",
        "kind_label": "sister city",
        "status": "active",
        "status_label": "active",
        "signed": "2006",
        "activity_count": 0,
        "last_activity": None,
        "url": f"http://testserver/partners/{seoul.pk}/",
    }


def test_geojson_export_applies_the_list_filters(editor_client, authority):
    _partners(authority)

    data = json.loads(editor_client.get(GEOJSON + "?status=dormant&continent=OC").content)

    assert [f["properties"]["name"] for f in data["features"]] == ["Suva & <Lami>"]


def test_kml_export_parses_back_with_one_placemark_per_partner(
    editor_client, authority, other_authority
):
    seoul, suva = _partners(authority)
    PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Izmir's partner"))

    response = editor_client.get(KML)
    root = ET.fromstring(response.content)

    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    assert response["Content-Disposition"] == f'attachment; filename="ankara-partners-{TODAY}.kml"'
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    assert root.findtext("kml:Document/kml:name", namespaces=NS) == (
        "Ankara Metropolitan Municipality: partners"
    )
    placemarks = root.findall("kml:Document/kml:Placemark", NS)
    assert [
        (
            p.get("id"),
            p.findtext("kml:name", namespaces=NS),
            p.findtext("kml:Point/kml:coordinates", namespaces=NS),
        )
        for p in placemarks
    ] == [
        (f"partnership-{seoul.pk}", "Seoul", "126.9784,37.566"),
        (f"partnership-{suva.pk}", "Suva & <Lami>", "178.44,-18.14"),
    ]
    assert placemarks[0].findtext("kml:description", namespaces=NS) == (
        "Country: South Korea\nKind: sister city\nStatus: active\nSigned: 2006\n"
        f"http://testserver/partners/{seoul.pk}/"
    )
    assert b"Suva &amp; &lt;Lami&gt;" in response.content


def test_kml_export_applies_the_list_filters(editor_client, authority):
    _partners(authority)

    root = ET.fromstring(editor_client.get(KML + "?kind=sister").content)

    names = [p.findtext("kml:name", namespaces=NS) for p in root.iter(f"{{{NS['kml']}}}Placemark")]
    assert names == ["Seoul"]


def test_map_files_need_a_role_in_an_authority(client, authority):
    _partners(authority)
    assert client.get(GEOJSON).status_code == 302
    assert client.get(KML).status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_map_files_cost_a_fixed_number_of_queries(
    editor_client, authority, django_assert_num_queries, n
):
    for _ in range(n):
        PartnershipFactory(authority=authority)
    with django_assert_num_queries(4):
        geojson = json.loads(editor_client.get(GEOJSON).content)
    with django_assert_num_queries(4):
        kml = ET.fromstring(editor_client.get(KML).content)
    assert len(geojson["features"]) == len(kml.findall("kml:Document/kml:Placemark", NS)) == n
