"""Staff roles in the admin: an authority's administrator names people, never browses them all."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.admin_forms import as_shown
from tests.factories import StaffRoleFactory, UserFactory
from twintowns.authorities.models import Authority, Role, StaffRole

pytestmark = pytest.mark.django_db

ADD = "/admin/authorities/staffrole/add/"


@pytest.fixture
def office_admin(authority: Authority) -> Client:
    user = UserFactory(username="ankara-chief", is_staff=True)
    StaffRoleFactory(authority=authority, user=user, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stranger(other_authority: Authority) -> User:
    user = UserFactory(username="izmir-clerk", email="clerk@izmir.bel.tr")
    StaffRoleFactory(authority=other_authority, user=user, role=Role.EDITOR)
    return user


def _roles(authority: Authority) -> list[tuple[str, str]]:
    staff = StaffRole.objects.filter(authority=authority).order_by("user__username")
    return [(r.user.username, r.role) for r in staff]


def test_the_add_form_lists_no_user_of_the_installation(office_admin, stranger):
    UserFactory(username="nobodys-user")

    page = office_admin.get(ADD)

    assert "izmir-clerk" not in page.text
    assert "nobodys-user" not in page.text
    assert list(page.context["adminform"].form.fields) == ["role", "person"]


def test_a_role_is_given_to_a_user_named_exactly(office_admin, authority, stranger):
    office_admin.post(ADD, {"person": "izmir-clerk", "role": "viewer"})

    assert _roles(authority) == [("ankara-chief", "admin"), ("izmir-clerk", "viewer")]
    assert (
        StaffRole.objects.get(user=stranger, authority=authority)
        .history.get()
        .history_user.username
        == "ankara-chief"
    )


def test_a_role_is_given_to_a_user_named_by_their_e_mail(office_admin, authority, stranger):
    office_admin.post(ADD, {"person": "Clerk@Izmir.bel.tr", "role": "editor"})

    assert _roles(authority) == [("ankara-chief", "admin"), ("izmir-clerk", "editor")]


def test_someone_without_an_account_is_invited_and_chooses_a_password(
    office_admin, authority, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office_admin.post(ADD, {"person": "deniz@ankara.bel.tr", "role": "editor"})

    assert response.status_code == 302
    assert _roles(authority) == [("ankara-chief", "admin"), ("deniz@ankara.bel.tr", "editor")]
    invited = User.objects.get(username="deniz@ankara.bel.tr")
    assert not invited.has_usable_password()
    [invitation] = mail.outbox
    assert invitation.to == ["deniz@ankara.bel.tr"]
    assert "the editor role in Ankara Metropolitan Municipality" in invitation.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", invitation.body)[1]
    browser = Client()
    form_page = browser.get(link, follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kızılay-1923-meydan", "new_password2": "Kızılay-1923-meydan"},
    )
    signing_in = Client()
    signing_in.post(
        "/accounts/login/",
        {"username": "deniz@ankara.bel.tr", "password": "Kızılay-1923-meydan"},
    )
    assert signing_in.session["_auth_user_id"] == str(invited.pk)


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (
            "izmir-clark",
            "No user is called izmir-clark. To invite someone new, type their e-mail address.",
        ),
        (
            "twin@example.org",
            "Several users have the e-mail address twin@example.org: type the user name instead.",
        ),
        (
            "ankara-chief",
            "ankara-chief already has a role here: change it in the list of staff roles.",
        ),
    ],
)
def test_a_person_who_cannot_be_given_a_role_is_named_in_the_message(
    office_admin, authority, stranger, person, message
):
    UserFactory(username="twin-1", email="twin@example.org")
    UserFactory(username="twin-2", email="Twin@example.org")
    users = User.objects.count()

    response = office_admin.post(ADD, {"person": person, "role": "viewer"})

    assert response.context["adminform"].form.errors == {"person": [message]}
    assert _roles(authority) == [("ankara-chief", "admin")]
    assert User.objects.count() == users


def test_an_existing_role_cannot_be_moved_to_another_person(office_admin, authority, stranger):
    role = StaffRoleFactory(
        authority=authority, user=UserFactory(username="ankara-aide"), role="viewer"
    )

    url = f"/admin/authorities/staffrole/{role.pk}/change/"

    office_admin.post(url, as_shown(office_admin, url) | {"user": stranger.pk, "role": "editor"})

    assert _roles(authority) == [("ankara-aide", "editor"), ("ankara-chief", "admin")]


def test_a_superuser_still_picks_from_every_user(stranger):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)

    page = client.get(ADD)

    users = page.context["adminform"].form.fields["user"].queryset
    assert sorted(u.username for u in users) == ["izmir-clerk", "root"]
