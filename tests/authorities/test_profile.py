import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from twintowns.authorities.models import Role, StaffRole
from twintowns.authorities.services import authority_update, staff_role_set

pytestmark = pytest.mark.django_db


def test_admin_updates_the_profile_and_the_history_keeps_the_old_figure(authority, admin_role):
    authority_update(actor=admin_role.user, authority=authority, sister_cities_stated=46)
    authority_update(actor=admin_role.user, authority=authority, sister_cities_stated=54)
    newest = authority.history.latest()
    change = newest.diff_against(newest.prev_record).changes[0]
    assert (change.field, change.old, change.new) == ("sister_cities_stated", 46, 54)


def test_editor_may_not_change_the_profile(authority, editor):
    with pytest.raises(PermissionDenied, match="administrator role"):
        authority_update(actor=editor, authority=authority, districts=30)
    authority.refresh_from_db()
    assert authority.districts is None


def test_admin_gives_a_role_and_changes_it(authority, admin_role):
    clerk = UserFactory(username="clerk")
    staff_role_set(actor=admin_role.user, authority=authority, user=clerk, role=Role.VIEWER)
    staff_role_set(actor=admin_role.user, authority=authority, user=clerk, role=Role.EDITOR)
    assert list(StaffRole.objects.filter(user=clerk).values_list("role", flat=True)) == ["editor"]


def test_editor_may_not_give_roles(authority, editor):
    with pytest.raises(PermissionDenied):
        staff_role_set(actor=editor, authority=authority, user=UserFactory(), role=Role.ADMIN)


def test_profile_form_by_an_admin(authority, admin_role):
    client = Client()
    client.force_login(admin_role.user)
    response = client.post(
        reverse("authorities:edit"),
        {
            "name": authority.name,
            "population": "5100000",
            "area_km2": "24521",
            "read_version": authority.version,
        },
    )
    assert response.status_code == 302
    authority.refresh_from_db()
    assert (authority.population, authority.area_km2) == (5_100_000, 24_521)


def test_user_without_a_role_is_told_so(db):
    client = Client()
    client.force_login(UserFactory(username="newcomer"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "no role in any authority" in response.text


def test_a_user_with_two_authorities_switches_between_them(authority, other_authority):
    from tests.factories import PartnershipFactory, PlaceFactory, StaffRoleFactory

    clerk = UserFactory(username="union-clerk")
    StaffRoleFactory(user=clerk, authority=authority, role=Role.VIEWER)
    StaffRoleFactory(user=clerk, authority=other_authority, role=Role.EDITOR)
    PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Bari"))
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("partnerships:list")).context["current_authority"] == authority

    response = client.post(reverse("authorities:switch"), {"authority": other_authority.pk})

    assert response.status_code == 302
    page = client.get(reverse("partnerships:list"))
    assert page.context["current_authority"] == other_authority
    assert [p.partner.name for p in page.context["partnerships"]] == ["Bari"]


def test_switching_to_an_authority_without_a_role_is_404(authority, other_authority, editor):
    client = Client()
    client.force_login(editor)
    assert (
        client.post(reverse("authorities:switch"), {"authority": other_authority.pk}).status_code
        == 404
    )
    assert client.get(reverse("home")).context["current_authority"] == authority


def test_turkish_readers_see_the_authoritys_turkish_name(authority, editor):
    authority.name_tr = "Ankara Büyükşehir Belediyesi"
    authority.save()
    client = Client(headers={"accept-language": "tr"})
    client.force_login(editor)
    assert (
        '<h1 class="h3 mb-3">Ankara Büyükşehir Belediyesi</h1>' in client.get(reverse("home")).text
    )
    english = Client(headers={"accept-language": "en"})
    english.force_login(editor)
    assert (
        '<h1 class="h3 mb-3">Ankara Metropolitan Municipality</h1>'
        in english.get(reverse("home")).text
    )
