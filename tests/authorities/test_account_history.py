"""Users, groups (the Union analysts) and themes are audited like the records: who changed what."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from tests.admin_forms import as_shown
from tests.factories import UserFactory
from twintowns.authorities.services import UNION_ANALYSTS, union_analysts_group
from twintowns.core.models import Theme
from twintowns.core.themes import themes_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def test_making_a_user_a_union_analyst_in_the_admin_is_in_their_history(
    superuser, superuser_client
):
    clerk = UserFactory(username="clerk")
    group = union_analysts_group()
    url = f"/admin/auth/user/{clerk.pk}/change/"
    data = as_shown(superuser_client, url) | {"groups": [str(group.pk)]}

    superuser_client.post(url, data)

    latest = clerk.history.first()
    assert (latest.history_user, latest.history_type) == (superuser, "~")
    assert [g.group.name for g in latest.groups.all()] == [UNION_ANALYSTS]
    page = superuser_client.get(f"/admin/auth/user/{clerk.pk}/history/")
    assert [v.history_user for v in page.context["page_obj"]] == [superuser, superuser, None]


def test_adding_a_user_from_the_groups_side_is_recorded_on_the_user():
    clerk = UserFactory(username="clerk")
    group = union_analysts_group()

    group.user_set.add(clerk)
    group.user_set.remove(clerk)
    group.user_set.add(clerk)
    group.user_set.clear()

    sets = [sorted(g.group.name for g in v.groups.all()) for v in clerk.history.all()]
    assert sets == [[], [UNION_ANALYSTS], [], [UNION_ANALYSTS], []]


def test_a_sign_in_is_not_a_change_and_no_password_hash_is_kept(client):
    clerk = UserFactory(username="clerk")

    client.post(
        "/accounts/login/", {"username": "clerk", "password": "correct horse battery staple"}
    )

    assert [v.history_type for v in clerk.history.all()] == ["+"]
    assert not hasattr(clerk.history.first(), "password")


def test_renaming_a_theme_in_the_admin_is_in_its_history(superuser, superuser_client):
    theme = Theme.objects.get(code="culture")
    before = theme.name
    url = f"/admin/core/theme/{theme.pk}/change/"
    data = as_shown(superuser_client, url) | {"name": "Culture and arts"}

    superuser_client.post(url, data)

    latest = theme.history.first()
    assert (latest.history_user, latest.name, latest.prev_record.name) == (
        superuser,
        "Culture and arts",
        before,
    )
    page = superuser_client.get(f"/admin/core/theme/{theme.pk}/history/")
    assert "Culture and arts" in page.text


def test_a_change_to_a_groups_permissions_is_in_its_history(superuser, superuser_client):
    group = Group.objects.create(name="Auditors")
    url = f"/admin/auth/group/{group.pk}/change/"
    permission = union_analysts_group().permissions.get()
    data = as_shown(superuser_client, url) | {"permissions": [str(permission.pk)]}

    superuser_client.post(url, data)

    latest = group.history.first()
    assert latest.history_user == superuser
    assert [p.permission for p in latest.permissions.all()] == [permission]


def test_a_staff_member_who_may_only_look_at_themes_cannot_revert_one():
    theme = Theme.objects.get(code="culture")
    name = theme.name
    version = theme.history.first()
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_theme"))
    client = Client()
    client.force_login(clerk)
    url = f"/admin/core/theme/{theme.pk}/history/{version.history_id}/"

    response = client.post(url, {"code": "culture", "name": "Renamed", "name_tr": "Kültür"})

    assert response.status_code == 403
    assert Theme.objects.get(pk=theme.pk).name == name


def test_a_save_or_a_group_change_that_changes_nothing_leaves_no_version():
    clerk = UserFactory(username="clerk")
    group = union_analysts_group()
    clerk.groups.add(group)
    versions = (clerk.history.count(), Theme.history.count())

    clerk.save()
    clerk.groups.add(group)
    themes_ensure(Theme)

    assert (clerk.history.count(), Theme.history.count()) == versions
