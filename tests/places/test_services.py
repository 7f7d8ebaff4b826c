from io import StringIO

import pytest
from django.core.management import call_command

from tests.places.conftest import (
    ANKARA,
    ISTANBUL,
    PEKIN_ILLINOIS,
    TEST_PLACES,
    ULAANBAATAR,
    VIENNA,
)
from twintowns.places.models import (
    Country,
    Place,
    PlaceName,
    PlaceNameTail,
    Region,
    RegionName,
)
from twintowns.places.services import (
    GazetteerReport,
    folded_names,
    gazetteer_load,
    geonames_cities,
    region_keys,
)


def _counts() -> tuple[int, int, int, int]:
    return (
        Country.objects.count(),
        Place.objects.count(),
        PlaceName.objects.count(),
        PlaceNameTail.objects.count(),
    )


@pytest.mark.django_db
def test_load_creates_places_countries_and_names(gazetteer: GazetteerReport) -> None:
    istanbul = Place.objects.get(geonameid=ISTANBUL)

    assert (gazetteer.places_created, gazetteer.places_updated) == (len(TEST_PLACES), 0)
    assert gazetteer.names_created == PlaceName.objects.count()
    assert (istanbul.name, istanbul.country_id, istanbul.timezone) == (
        "Istanbul",
        "TR",
        "Europe/Istanbul",
    )
    assert istanbul.population == 15_701_602
    assert Country.objects.count() == gazetteer.countries == 252


@pytest.mark.django_db
def test_second_load_creates_nothing_and_updates_in_place(gazetteer: GazetteerReport) -> None:
    before = _counts()
    ids = set(Place.objects.values_list("id", flat=True))

    again = gazetteer_load(geonameids=TEST_PLACES)

    assert _counts() == before
    assert set(Place.objects.values_list("id", flat=True)) == ids
    assert (again.places_created, again.places_updated) == (0, len(TEST_PLACES))
    assert (again.names_created, again.names_removed) == (0, 0)
    assert (again.tails_created, again.tails_removed) == (0, 0)


@pytest.mark.django_db
def test_reload_repairs_a_changed_place_and_its_names(gazetteer: GazetteerReport) -> None:
    ankara = Place.objects.get(geonameid=ANKARA)
    Place.objects.filter(pk=ankara.pk).update(population=1, name="Angora?")
    PlaceName.objects.create(place=ankara, folded="not a name of ankara")
    PlaceName.objects.filter(place=ankara, folded="ankara").delete()

    report = gazetteer_load(geonameids={ANKARA})

    ankara.refresh_from_db()
    assert (ankara.name, ankara.population) == ("Ankara", 3_517_182)
    assert (report.names_created, report.names_removed) == (1, 1)
    assert not PlaceName.objects.filter(folded="not a name of ankara").exists()
    assert PlaceName.objects.filter(place=ankara, folded="ankara").exists()


@pytest.mark.django_db
def test_each_folded_name_of_a_place_is_stored_once(gazetteer: GazetteerReport) -> None:
    # GeoNames lists Istanbul as "Istanbul", "İstanbul" and "Istanbul" again, among others.
    stored = list(
        PlaceName.objects.filter(place__geonameid=ISTANBUL).values_list("folded", flat=True)
    )

    assert stored.count("istanbul") == 1
    assert len(stored) == len(set(stored))
    assert set(stored) == folded_names(geonames_cities()[str(ISTANBUL)])


@pytest.mark.django_db
def test_city_codes_and_empty_names_are_not_stored(gazetteer: GazetteerReport) -> None:
    istanbul_names = set(
        PlaceName.objects.filter(place__geonameid=ISTANBUL).values_list("folded", flat=True)
    )

    assert "IST" in geonames_cities()[str(ISTANBUL)]["alternatenames"]
    assert "ist" not in istanbul_names
    assert "" not in istanbul_names


@pytest.mark.django_db
def test_inner_words_of_names_are_stored_as_tails(gazetteer: GazetteerReport) -> None:
    tails = set(
        PlaceNameTail.objects.filter(place__geonameid=ULAANBAATAR).values_list("folded", flat=True)
    )

    assert {"bator", "baatar"} <= tails
    assert "ulan bator" not in tails  # a whole name, stored as a name


@pytest.mark.django_db
def test_countries_get_turkish_names_or_keep_the_english_one(
    gazetteer: GazetteerReport,
) -> None:
    names = dict(Country.objects.values_list("code", "name_tr"))

    assert (names["TR"], names["AT"], names["KR"], names["XK"]) == (
        "Türkiye",
        "Avusturya",
        "Güney Kore",
        "Kosova",
    )
    assert gazetteer.countries_without_turkish_name == ("AN", "CS")
    assert names["CS"] == "Serbia and Montenegro"
    assert Country.objects.get(code="MN").continent == "AS"


@pytest.mark.django_db
def test_unknown_geonameid_is_refused() -> None:
    with pytest.raises(ValueError, match="999999999"):
        gazetteer_load(geonameids={ISTANBUL, 999_999_999})

    assert not Place.objects.exists()


@pytest.mark.django_db
def test_gazetteer_command_loads_the_ids_given_and_reports() -> None:
    out = StringIO()

    call_command("gazetteer", "--only", str(ISTANBUL), str(ANKARA), stdout=out)

    assert "2 places created" in out.getvalue()
    assert set(Place.objects.values_list("geonameid", flat=True)) == {ISTANBUL, ANKARA}


@pytest.mark.django_db
def test_command_skips_a_loaded_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    from twintowns.places.management.commands import gazetteer as command

    call_command("gazetteer", "--only", str(ANKARA), stdout=StringIO())
    monkeypatch.setattr(command, "LOADED_THRESHOLD", 1)
    out = StringIO()

    call_command("gazetteer", "--skip-if-loaded", "--only", str(ISTANBUL), stdout=out)

    assert out.getvalue() == "The gazetteer is already loaded; skipped.\n"
    assert list(Place.objects.values_list("geonameid", flat=True)) == [ANKARA]


@pytest.mark.django_db
def test_load_gives_each_place_its_region(gazetteer: GazetteerReport) -> None:
    regions = {
        geonameid: (region.country_id, region.code, region.name)
        for geonameid, region in (
            (place.geonameid, place.region)
            for place in Place.objects.select_related("region").filter(
                geonameid__in=[ANKARA, PEKIN_ILLINOIS, VIENNA]
            )
        )
        if region is not None
    }

    assert regions == {
        ANKARA: ("TR", "68", "Ankara"),
        PEKIN_ILLINOIS: ("US", "IL", "Illinois"),
        VIENNA: ("AT", "09", "Vienna"),
    }
    assert gazetteer.regions == Region.objects.count() == 3865


@pytest.mark.django_db
def test_a_region_is_found_by_its_name_with_or_without_its_generic_word(
    gazetteer: GazetteerReport,
) -> None:
    def found(key: str) -> set[tuple[str, str]]:
        names = RegionName.objects.filter(folded=key).select_related("region")
        return {(n.region.country_id, n.region.name) for n in names}

    assert found("bursa") == found("bursa province") == {("TR", "Bursa Province")}
    assert found("maryland") == {("US", "Maryland"), ("LR", "Maryland County")}
    assert found("styria") == {("AT", "Styria")}
    assert found("tasmania") == {("AU", "Tasmania")}
    assert found("andalusia") == {("ES", "Andalusia")}
    assert found("england") == {("GB", "England")}


def test_region_keys_leave_out_a_generic_word_but_never_keep_a_vague_rest() -> None:
    assert region_keys("Municipality of Ankaran") == {"municipality of ankaran", "ankaran"}
    assert region_keys("Moscow Oblast") == {"moscow oblast", "moscow"}
    assert region_keys("Åland Islands") == {"aland islands"}
    assert region_keys("The Marches") == {"marches"}
    assert region_keys("North Region") == {"north region"}
    assert region_keys("Baden-Württemberg") == {"baden wurttemberg"}


@pytest.mark.django_db
def test_second_load_keeps_regions_and_their_names(gazetteer: GazetteerReport) -> None:
    before = (Region.objects.count(), RegionName.objects.count())
    ids = set(Region.objects.values_list("id", flat=True))

    gazetteer_load(geonameids=TEST_PLACES)

    assert (Region.objects.count(), RegionName.objects.count()) == before
    assert set(Region.objects.values_list("id", flat=True)) == ids


@pytest.mark.django_db
def test_command_gives_regions_to_a_gazetteer_loaded_before_they_existed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from twintowns.places.management.commands import gazetteer as command

    call_command("gazetteer", "--only", str(ANKARA), stdout=StringIO())
    Place.objects.update(region=None)  # as a database loaded before this version has it
    RegionName.objects.all().delete()
    Region.objects.all().delete()
    monkeypatch.setattr(command, "LOADED_THRESHOLD", 1)
    out = StringIO()

    call_command("gazetteer", "--skip-if-loaded", "--only", str(ANKARA), stdout=out)

    assert out.getvalue().splitlines()[0] == (
        "The gazetteer has no regions yet: loading it again with them."
    )
    assert str(Place.objects.get(geonameid=ANKARA).region.name) == "Ankara"
    assert Region.objects.count() == 3865
