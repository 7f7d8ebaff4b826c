"""The partners as files for maps: GeoJSON (RFC 7946) and KML 2.2, the partner list's filters."""

from collections.abc import Callable, Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from twintowns.partnerships.geo import partner_feature
from twintowns.partnerships.models import Partnership

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"

type Json = dict[str, Any]
type Absolute = Callable[[str], str]


def feature_collection(partnerships: Iterable[Partnership], absolute: Absolute) -> Json:
    """A FeatureCollection of Points, [longitude, latitude], WGS 84 (so no "crs" member)."""
    return {
        "type": "FeatureCollection",
        "features": [_feature(p, absolute) for p in partnerships],
    }


def _feature(partnership: Partnership, absolute: Absolute) -> Json:
    # The map's own feature, with a link that works outside the site.
    feature = partner_feature(partnership)
    feature["properties"]["url"] = absolute(partnership.get_absolute_url())
    return feature


def kml_document(title: str, partnerships: Iterable[Partnership], absolute: Absolute) -> bytes:
    """A KML 2.2 document with one Placemark per partner; ElementTree escapes every text."""
    ET.register_namespace("", KML_NAMESPACE)
    root = ET.Element(_kml("kml"))
    document = ET.SubElement(root, _kml("Document"))
    ET.SubElement(document, _kml("name")).text = title
    for partnership in partnerships:
        document.append(_placemark(partnership, absolute))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _placemark(partnership: Partnership, absolute: Absolute) -> ET.Element:
    place = partnership.partner
    placemark = ET.Element(_kml("Placemark"), id=f"partnership-{partnership.pk}")
    ET.SubElement(placemark, _kml("name")).text = place.name
    ET.SubElement(placemark, _kml("description")).text = _description(partnership, absolute)
    point = ET.SubElement(placemark, _kml("Point"))
    # KML orders coordinates as GeoJSON does: longitude, latitude.
    coordinates = f"{round(place.longitude, 5)},{round(place.latitude, 5)}"
    ET.SubElement(point, _kml("coordinates")).text = coordinates
    return placemark


def _description(partnership: Partnership, absolute: Absolute) -> str:
    lines = [
        f"{_('Country')}: {partnership.partner.country.localized_name}",
        f"{_('Kind')}: {partnership.get_kind_display()}",
        f"{_('Status')}: {partnership.get_status_display()}",
    ]
    if partnership.signed_label:
        lines.append(f"{_('Signed')}: {partnership.signed_label}")
    lines.append(absolute(partnership.get_absolute_url()))
    return "\n".join(lines)


def _kml(tag: str) -> str:
    return f"{{{KML_NAMESPACE}}}{tag}"
