"""The office opens and closes its public page on the profile form; the profile links to it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from twintowns.authorities.models import Authority, StaffRole

pytestmark = pytest.mark.django_db


def _profile_form(authority: Authority, **changes: Any) -> dict[str, Any]:
    fields = {
        "name": authority.name,
        "name_tr": authority.name_tr or "",
        "read_version": authority.version,
        **changes,
    }
    return {k: v for k, v in fields.items() if v is not False}


def test_an_administrator_opens_the_public_page_and_the_profile_links_to_it(
    authority: Authority, admin_role: StaffRole
) -> None:
    client = Client()
    client.force_login(admin_role.user)
    assert Client().get("/en/city/ankara/").status_code == 404

    response = client.post(reverse("authorities:edit"), _profile_form(authority, public_page="on"))

    assert response.status_code == 302
    authority.refresh_from_db()
    assert authority.public_page is True
    assert Client().get("/en/city/ankara/").status_code == 200
    profile = client.get(reverse("authorities:profile"), headers={"accept-language": "en"})
    assert 'href="/en/city/ankara/"' in profile.content.decode()


def test_an_administrator_closes_it_again(authority: Authority, admin_role: StaffRole) -> None:
    authority.public_page = True
    authority.save()
    client = Client()
    client.force_login(admin_role.user)

    client.post(reverse("authorities:edit"), _profile_form(authority))

    authority.refresh_from_db()
    assert authority.public_page is False
    assert Client().get("/en/city/ankara/").status_code == 404
    assert "/city/ankara/" not in client.get(reverse("authorities:profile")).content.decode()
