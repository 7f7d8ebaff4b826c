"""The reports' world: Ankara at home, partners with Turkish letters, and a rival authority."""

import pytest

from tests.factories import CountryFactory, PartnershipFactory, PlaceFactory
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership


@pytest.fixture
def home(authority: Authority) -> Authority:
    turkey = CountryFactory(code="TR", name="Turkey", name_tr="Türkiye", continent="AS")
    authority.place = PlaceFactory(name="Ankara", country=turkey, latitude=39.92, longitude=32.85)
    authority.name_tr = "Ankara Büyükşehir Belediyesi"
    authority.save()
    return authority


@pytest.fixture
def susa(home: Authority) -> Partnership:
    azerbaijan = CountryFactory(code="AZ", name="Azerbaijan", name_tr="Azerbaycan", continent="AS")
    place = PlaceFactory(name="Şuşa", country=azerbaijan, latitude=39.76, longitude=46.75)
    return PartnershipFactory(authority=home, partner=place)
