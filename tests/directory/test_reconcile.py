"""Reconciling the registry with the public record: both lists, and the office's two actions."""

import pytest
from django.urls import reverse

from tests.factories import PartnershipFactory, PlaceFactory, twin
from twintowns.directory.models import Dismissal
from twintowns.directory.reconciling import reconcile

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(authority):  # type: ignore[no-untyped-def]
    """Ankara, twinned publicly with Seoul and Kyiv; the registry has Seoul and Havana."""
    ankara = PlaceFactory(name="Ankara")
    authority.place = ankara
    authority.save()
    places = {name: PlaceFactory(name=name) for name in ["Seoul", "Kyiv", "Havana"]}
    twin(ankara, places["Seoul"])
    twin(places["Kyiv"], ankara)
    for name in ["Seoul", "Havana"]:
        PartnershipFactory(authority=authority, partner=places[name])
    return places


def test_each_side_lists_what_the_other_lacks(authority, seat) -> None:  # type: ignore[no-untyped-def]
    report = reconcile(authority, authority.place)

    assert [p.partner.name for p in report.in_both] == ["Seoul"]
    assert [p.partner.name for p in report.not_in_directory] == ["Havana"]
    assert [p.name for p in report.not_in_registry] == ["Kyiv"]


def test_an_editor_marks_a_public_twin_as_not_a_partnership(  # type: ignore[no-untyped-def]
    editor_client, editor, authority, seat
) -> None:
    kyiv = seat["Kyiv"]

    response = editor_client.post(
        reverse("network:dismiss", args=[kyiv.pk]), {"reason": "a district's relation"}
    )
    again = editor_client.post(reverse("network:dismiss", args=[kyiv.pk]), {"reason": "twice"})

    assert (response.status_code, again.status_code) == (302, 302)
    dismissal = Dismissal.objects.get()
    assert (dismissal.place, dismissal.reason, dismissal.created_by) == (
        kyiv,
        "a district's relation",
        editor,
    )
    assert dismissal.history.get().history_user == editor
    page = editor_client.get(reverse("network:reconcile"))
    assert page.context["report"].not_in_registry == []
    assert [d.place.name for d in page.context["report"].dismissed] == ["Kyiv"]


def test_offering_again_brings_it_back(editor_client, authority, seat) -> None:  # type: ignore[no-untyped-def]
    editor_client.post(reverse("network:dismiss", args=[seat["Kyiv"].pk]))
    dismissal = Dismissal.objects.get()

    editor_client.post(reverse("network:undismiss", args=[dismissal.pk]))

    assert Dismissal.objects.count() == 0
    assert [p.name for p in reconcile(authority, authority.place).not_in_registry] == ["Kyiv"]


def test_a_viewer_cannot_mark(viewer_client, seat) -> None:  # type: ignore[no-untyped-def]
    response = viewer_client.post(reverse("network:dismiss", args=[seat["Kyiv"].pk]))

    assert response.status_code == 403
    assert Dismissal.objects.count() == 0


def test_only_a_public_twin_of_the_seat_can_be_marked(editor_client, seat) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.post(reverse("network:dismiss", args=[seat["Havana"].pk]))

    assert response.status_code == 404
    assert Dismissal.objects.count() == 0


def test_another_authoritys_mark_cannot_be_undone(  # type: ignore[no-untyped-def]
    editor_client, other_authority, seat
) -> None:
    theirs = Dismissal.objects.create(authority=other_authority, place=seat["Kyiv"])

    response = editor_client.post(reverse("network:undismiss", args=[theirs.pk]))

    assert response.status_code == 404
    assert Dismissal.objects.count() == 1


def test_add_to_the_registry_prefills_the_partner(editor_client, seat) -> None:  # type: ignore[no-untyped-def]
    kyiv = seat["Kyiv"]

    response = editor_client.get(reverse("partnerships:create"), {"partner": kyiv.pk})

    assert response.context["form"]["partner"].value() == kyiv.pk
    assert "Kyiv" in response.content.decode()


def test_without_a_seat_city_the_page_says_so(editor_client, authority) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("network:reconcile"))

    assert response.context["report"] is None
    assert "seat city is not recorded" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_the_page_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    editor_client, authority, seat, django_assert_num_queries, n
) -> None:
    for i in range(n):
        place = PlaceFactory(name=f"Twin {i}")
        twin(authority.place, place)
        Dismissal.objects.create(authority=authority, place=place)

    # session, user, roles; the seat; its twins, the partnerships, the dismissals
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("network:reconcile"))

    assert len(response.context["report"].dismissed) == n
