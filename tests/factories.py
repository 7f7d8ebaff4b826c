"""factory_boy factories for the domain; places are made up unless a test loads real ones."""

import factory
from django.contrib.auth import get_user_model

from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.directory.models import Twinning
from twintowns.lib.text import fold
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Country, Place, PlaceName


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "KR"
    name = "South Korea"
    name_tr = "Güney Kore"
    continent = "AS"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    geonameid = factory.Sequence(lambda n: 9_000_000 + n)
    name = factory.Sequence(lambda n: f"Town {n}")
    country = factory.SubFactory(CountryFactory)
    latitude = 37.5
    longitude = 127.0
    population = 100_000

    @factory.post_generation
    def names(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            for name in {fold(n) for n in [self.name, *(extracted or [])]}:
                PlaceName.objects.create(place=self, folded=name)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"authority-{n}")
    name = factory.Sequence(lambda n: f"Authority {n}")


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.EDITOR


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    authority = factory.SubFactory(AuthorityFactory)
    partner = factory.SubFactory(PlaceFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Union of Cities {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    authority = factory.SelfAttribute("organization.authority")
    organization = factory.SubFactory(OrganizationFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    kind = Kind.SITE_VISIT
    direction = Direction.INCOMING
    title = factory.Sequence(lambda n: f"Delegation visit {n}")

    @factory.post_generation
    def partnerships(
        self, create: bool, extracted: list[Partnership] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.partnerships.set(extracted)


def twin(a: Place, b: Place) -> Twinning:
    """A twinning in the directory, stored as it is stored: the smaller place id first."""
    return Twinning.objects.create(place_a_id=min(a.pk, b.pk), place_b_id=max(a.pk, b.pk))
