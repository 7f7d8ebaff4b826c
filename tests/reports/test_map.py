import io

from PIL import Image

from twintowns.reports.mapimage import (
    SIZE,
    WORLD,
    Marker,
    _decode_arcs,
    _ring,
    map_png,
    outlines,
    region,
)


def test_arcs_decode_from_quantized_deltas_and_join_reversed():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
        "arcs": [[[0, 0], [4, 0], [0, 8]], [[4, 8], [-4, -8]]],
    }
    arcs = _decode_arcs(topology)
    assert arcs == [[(-10.0, 20.0), (-8.0, 20.0), (-8.0, 22.0)], [(-8.0, 22.0), (-10.0, 20.0)]]
    assert _ring(arcs, [0, 1]) == [(-10.0, 20.0), (-8.0, 20.0), (-8.0, 22.0), (-10.0, 20.0)]
    assert _ring(arcs, [~1]) == [(-10.0, 20.0), (-8.0, 22.0)]


def test_outlines_drop_antarctica_and_keep_russia_and_fiji_whole_across_the_date_line():
    polygons = outlines()
    points = [point for polygon in polygons for ring in polygon for point in ring]
    assert min(lat for _, lat in points) > -60  # Antarctica reaches -90
    jumps = [
        ring
        for polygon in polygons
        for ring in polygon
        if any(abs(ring[i][0] - ring[i - 1][0]) > 180 for i in range(1, len(ring)))
    ]
    assert jumps == []
    assert max(lon for lon, _ in points) > 180  # Chukotka and eastern Fiji, moved east
    assert outlines() is polygons  # decoded once a process


def test_the_map_is_a_png_of_the_expected_size():
    picture = map_png(Marker(39.92, 32.85, "Ankara"), [Marker(39.76, 46.75, "Şuşa")])
    image = Image.open(io.BytesIO(picture))
    assert (image.format, image.size) == ("PNG", SIZE)
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_partner_east_of_the_date_line_is_drawn_beside_it():
    picture = map_png(None, [Marker(-17.8, -178.0)])  # Fiji's east
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    x = round((-178.0 + 360 - WORLD[0]) * SIZE[0] / (WORLD[2] - WORLD[0]))
    y = round((WORLD[3] + 17.8) * SIZE[1] / (WORLD[3] - WORLD[1]))
    red, green, blue = image.getpixel((x, y))  # type: ignore[misc]
    assert red > 180 and green < 100 and blue < 100  # the partner's red marker


def test_a_region_holds_both_cities_in_the_maps_proportions():
    ankara, susa = Marker(39.92, 32.85), Marker(39.76, 46.75)
    west, south, east, north = region([ankara, susa])
    assert west < 32.85 < 46.75 < east and south < 39.76 < 39.92 < north
    assert round((east - west) / (north - south), 3) == round(360 / 140, 3)
    assert region([]) == WORLD
