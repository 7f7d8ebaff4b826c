"""A world map as a PNG, drawn offline from the vendored world-atlas outlines with Pillow.

The same image goes into the annual deck and both PDFs: country outlines in an
equirectangular projection, the home city, the partners and a line from home to each.
"""

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

TOPOLOGY = "vendor/world-atlas/countries-110m.json"  # a static file, copied at install
ANTARCTICA = "010"  # its ISO 3166 numeric code, the feature's id in world-atlas

# West, south, east, north: the web map's world (twintowns/static/twintowns/map.js), 360° wide
# so Chukotka and eastern Fiji, moved past 180°, stay beside the rest of their country.
WORLD = (-169.0, -56.0, 191.0, 84.0)
SIZE = (1800, 700)  # 5 pixels a degree over WORLD
SUPERSAMPLE = 2  # drawn twice as large, then reduced: smooth edges without antialiasing support

SEA = (234, 242, 248)
LAND = (214, 220, 212)
BORDER = (160, 168, 160)
LINE = (13, 110, 253)
PARTNER = (220, 53, 69)
HOME = (25, 25, 25)

type Point = tuple[float, float]  # longitude, latitude
type Ring = list[Point]
type Polygon = list[Ring]


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str = ""


def _decode_arcs(topology: dict) -> list[list[Point]]:
    """The topology's arcs in degrees: quantized positions are deltas from the previous one."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[Point]], indexes: Iterable[int]) -> Ring:
    """A closed ring from arc indexes; ~i is arc i reversed; joined arcs share an end point."""
    ring: Ring = []
    for index in indexes:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        ring.extend(points[1:] if ring else points)
    return ring


def _east_of_date_line(polygon: Polygon) -> Polygon:
    """A polygon whose ring jumps across the date line (Russia, Fiji) moved east as a whole,
    so it is not drawn as a band across the whole map."""
    jumps = any(
        abs(ring[i][0] - ring[i - 1][0]) > 180 for ring in polygon for i in range(1, len(ring))
    )
    if not jumps:
        return polygon
    return [[(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring] for ring in polygon]


@cache
def outlines() -> tuple[Polygon, ...]:
    """Every country's polygons but Antarctica's, in degrees; read once a process."""
    path = finders.find(TOPOLOGY)
    if not isinstance(path, str):
        raise FileNotFoundError(f"{TOPOLOGY} is not among the static files: run make install")
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    polygons: list[Polygon] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons.extend(_east_of_date_line([_ring(arcs, ring) for ring in part]) for part in parts)
    return tuple(polygons)


def region(markers: Sequence[Marker], margin: float = 12.0) -> tuple[float, float, float, float]:
    """The smallest box of the world map's proportions that holds the markers with a margin."""
    west, south, east, north = WORLD
    if not markers:
        return WORLD
    lons = [m.longitude if m.longitude >= west else m.longitude + 360 for m in markers]
    lats = [m.latitude for m in markers]
    width = max(max(lons) - min(lons) + 2 * margin, 40.0)
    height = max(max(lats) - min(lats) + 2 * margin, 20.0)
    ratio = (east - west) / (north - south)
    width, height = max(width, height * ratio), max(height, width / ratio)
    if width >= east - west or height >= north - south:
        return WORLD
    centre_x, centre_y = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    left = min(max(centre_x - width / 2, west), east - width)
    bottom = min(max(centre_y - height / 2, south), north - height)
    return (left, bottom, left + width, bottom + height)


@lru_cache(maxsize=1)
def _world(size: tuple[int, int]) -> Image.Image:
    """The whole world's countries, kept (15 MB at the default size): every annual report
    draws on it. A briefing's region differs by partner, so is drawn each time."""
    return _basemap(WORLD, size)


def _basemap(bounds: tuple[float, float, float, float], size: tuple[int, int]) -> Image.Image:
    """The countries of `bounds` drawn on the sea at `size`."""
    west, _, east, north = bounds
    scale_x, scale_y = size[0] / (east - west), size[1] / (north - bounds[1])
    image = Image.new("RGB", size, SEA)
    draw = ImageDraw.Draw(image)
    for polygon in outlines():
        for i, ring in enumerate(polygon):
            points = [((lon - west) * scale_x, (north - lat) * scale_y) for lon, lat in ring]
            if not i:  # holes are other countries (Lesotho in South Africa), drawn on their own
                draw.polygon(points, fill=LAND)
            draw.line([*points, points[0]], fill=BORDER, width=SUPERSAMPLE)
    return image


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:  # DejaVu, as in the PDFs, so ş, ğ and İ in a city's name are drawn
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def map_png(
    home: Marker | None,
    partners: Sequence[Marker],
    bounds: tuple[float, float, float, float] = WORLD,
    size: tuple[int, int] = SIZE,
) -> bytes:
    """The map of `bounds` (west, south, east, north) with home, the partners and the lines
    between them, as PNG bytes of `size` pixels."""
    west, south, east, north = bounds
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    sx, sy = width / (east - west), height / (north - south)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        lon = lon + 360 if lon < west else lon  # the far side of the date line, moved east
        return ((lon - west) * sx, (north - lat) * sy)

    canvas = (width, height)
    image = _world(canvas).copy() if bounds == WORLD else _basemap(bounds, canvas)
    draw = ImageDraw.Draw(image)
    if home:
        origin = xy(home.longitude, home.latitude)
        for partner in partners:
            draw.line([origin, xy(partner.longitude, partner.latitude)], LINE, 2 * SUPERSAMPLE)
    font = _font(15 * SUPERSAMPLE)
    for marker, colour, radius in [
        *((p, PARTNER, 5) for p in partners),
        *([(home, HOME, 8)] if home else []),
    ]:
        x, y = xy(marker.longitude, marker.latitude)
        r = radius * SUPERSAMPLE
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline="white", width=SUPERSAMPLE)
        if marker.label:
            draw.text(
                (x + r + 4, y),
                marker.label,
                fill=HOME,
                font=font,
                anchor="lm",
                stroke_width=2 * SUPERSAMPLE,
                stroke_fill="white",
            )
    buffer = io.BytesIO()
    # A palette of 64 colours holds the few the map has, with their smoothed edges: a
    # smaller file, quicker to embed in a PDF.
    small = image.reduce(SUPERSAMPLE).quantize(64, dither=Image.Dither.NONE)
    small.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()
