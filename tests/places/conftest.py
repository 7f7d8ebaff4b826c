"""Real GeoNames places, loaded by id: enough to search for without the full 170,000."""

import pytest

from twintowns.places.models import Place
from twintowns.places.services import GazetteerReport, gazetteer_load

ISTANBUL = 745044
ANKARA = 323786
IGDIR = 311665
IGDIR_VILLAGE = 745401
CHISINAU = 618426
CHISINEU_CRIS = 682009
BEIJING = 1816670
PEKIN_ILLINOIS = 4905599
VIENNA = 2761369
VIENNA_WEST_VIRGINIA = 4825976
VIENNA_VIRGINIA = 4791160
VIANA_DO_CASTELO = 2732773
ULAANBAATAR = 2028462
SEOUL = 1835848
MOSCOW = 524901
MOSCOW_IDAHO = 5601538

TEST_PLACES = {
    ISTANBUL,
    ANKARA,
    IGDIR,
    IGDIR_VILLAGE,
    CHISINAU,
    CHISINEU_CRIS,
    BEIJING,
    PEKIN_ILLINOIS,
    VIENNA,
    VIENNA_WEST_VIRGINIA,
    VIENNA_VIRGINIA,
    VIANA_DO_CASTELO,
    ULAANBAATAR,
    SEOUL,
    MOSCOW,
    MOSCOW_IDAHO,
}

# Places of the place box's tests: a name of one place, of two cities, of none.
GANJA = 586523
ZHANGJIAKOU = 2033196
TRIPOLI_LIBYA = 2210247
TRIPOLI_LEBANON = 266826
TRIPOLI_GREECE = 252601
BOX_PLACES = {
    GANJA,
    ZHANGJIAKOU,
    TRIPOLI_LIBYA,
    TRIPOLI_LEBANON,
    TRIPOLI_GREECE,
    VIENNA_VIRGINIA,
    VIENNA_WEST_VIRGINIA,
}


@pytest.fixture
def gazetteer(db: None) -> GazetteerReport:
    return gazetteer_load(geonameids=TEST_PLACES)


@pytest.fixture
def box_places(db: None) -> dict[int, Place]:
    """The place box's places by GeoNames id."""
    gazetteer_load(geonameids=BOX_PLACES)
    return {p.geonameid: p for p in Place.objects.filter(geonameid__in=BOX_PLACES) if p.geonameid}
