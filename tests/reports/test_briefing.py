import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PartnershipFactory, PlaceFactory, StaffRoleFactory, UserFactory
from tests.reports.helpers import activity, pdf_image_sizes, pdf_text, turkish
from twintowns.activities.models import Direction, Kind
from twintowns.partnerships.models import Contact
from twintowns.reports.mapimage import SIZE

pytestmark = pytest.mark.django_db


def _url(partnership) -> str:  # type: ignore[no-untyped-def]
    return reverse("reports:briefing", args=[partnership.pk])


def _record(home, susa):  # type: ignore[no-untyped-def]
    next_year = timezone.localdate().year + 1
    activity(home, "Şuşa delegation in Ankara", 2015, partnerships=[susa])
    activity(
        home,
        "Ankara delegation to Şuşa",
        2014,
        partnerships=[susa],
        direction=Direction.OUTGOING,
        is_best_practice=True,
        lessons_learned="Bring the İş birliği protocol signed.",
    )
    activity(
        home,
        "Ankara Days in Şuşa",
        2013,
        partnerships=[susa],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
    )
    activity(home, "Water utility study tour", next_year, partnerships=[susa])
    Contact.objects.create(partnership=susa, name="Gülşen Ağaoğlu", email="g@susa.example")


def test_the_briefing_pack_tells_the_partners_story(viewer_client, home, susa, other_authority):
    _record(home, susa)
    theirs = PartnershipFactory(authority=other_authority, partner=susa.partner)
    activity(other_authority, "İzmir's own visit to Şuşa", 2015, partnerships=[theirs])
    response = viewer_client.get(_url(susa))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="briefing-')
    content = b"".join(response.streaming_content)
    assert pdf_image_sizes(content) == [SIZE]  # the map of Ankara and Şuşa
    text = pdf_text(content)
    for expected in [
        "Ankara Metropolitan Municipality",
        "Briefing pack: Şuşa",
        "Azerbaijan",
        "Here: delegations received and events we hosted",
        "Şuşa delegation in Ankara",
        "There: our delegations and events abroad",
        "Ankara delegation to Şuşa",
        "Ankara Days in Şuşa",
        "Planned: Water utility study tour",
        "Next turn of the culture days, after “Ankara Days in Şuşa”: their days here",
        "Gülşen Ağaoğlu",
        "Bring the İş birliği protocol signed.",
        "Health score",
        "1/2",
        "2/2",
    ]:
        assert expected in text, expected
    assert "İzmir's own visit" not in text
    assert text.index("Here: delegations") < text.index("Şuşa delegation in Ankara")
    assert text.index("There: our delegations") < text.index("Ankara delegation to Şuşa")


def test_the_briefing_pack_speaks_turkish(viewer_client, home, susa):
    _record(home, susa)
    text = pdf_text(b"".join(turkish(viewer_client).get(_url(susa)).streaming_content))
    for expected in [
        "Ankara Büyükşehir Belediyesi",
        "Azerbaycan",
        "Kültür günleri",
        "İçişleri Bakanlığı onayı",
        "İrtibat kişileri",
        "İyi uygulamalar",
        "Şuşa delegation in Ankara",
        "Gülşen Ağaoğlu",
    ]:
        assert expected in text, expected


def test_another_authoritys_partner_has_no_briefing_pack(viewer_client, home, other_authority):
    theirs = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Smyrna"))
    assert viewer_client.get(_url(theirs)).status_code == 404


def test_a_user_without_a_role_gets_no_briefing_pack(home, susa):
    client = Client()
    client.force_login(UserFactory(username="nobody"))
    response = client.get(_url(susa))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_a_role_in_another_authority_is_no_key_to_this_one(home, susa, other_authority):
    stranger = StaffRoleFactory(authority=other_authority, role="admin").user
    client = Client()
    client.force_login(stranger)
    assert client.get(_url(susa)).status_code == 404


@pytest.mark.parametrize("activities", [1, 3])
def test_the_briefing_pack_reads_a_fixed_number_of_queries(
    viewer_client, home, susa, django_assert_num_queries, activities
):
    for i in range(activities):
        activity(home, f"Visit {i}", 2010 + i, partnerships=[susa], kind=Kind.CULTURE_DAYS)
    with django_assert_num_queries(19):
        response = viewer_client.get(_url(susa))
        b"".join(response.streaming_content)
    assert response.status_code == 200


def test_the_partner_page_offers_the_briefing_pack(viewer_client, home, susa):
    page = viewer_client.get(reverse("partnerships:detail", args=[susa.pk])).text
    assert f'href="{_url(susa)}" download>' in page
