"""An authority's admin: no page of it, history included, shows another authority's records."""

import pytest
from django.contrib import admin
from django.test import Client

from tests.records import MODEL_KINDS, Office, office_with_every_record
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices() -> tuple[Office, Office]:
    return (
        office_with_every_record("ankara", "Qmarkankara"),
        office_with_every_record("izmir", "Qmarkizmir"),
    )


def _record_urls(model_admin: AuthorityScopedAdmin, office: Office) -> list[str]:
    """Every admin page of each of the office's records of the model, its versions included."""
    model = model_admin.model
    kind = MODEL_KINDS[model]
    info = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
    urls = []
    for pk in office.records.get(kind, []):
        urls += [f"{info}/{pk}/change/", f"{info}/{pk}/delete/"]
    for pk in office.records.get(kind, []) + office.deleted.get(kind, []):
        urls.append(f"{info}/{pk}/history/")
        versions = model.history.filter(**{model._meta.pk.attname: pk})  # type: ignore[attr-defined]
        urls += [f"{info}/{pk}/history/{v.history_id}/" for v in versions]
    return urls


def _scoped_admins() -> list[AuthorityScopedAdmin]:
    return [a for a in admin.site._registry.values() if isinstance(a, AuthorityScopedAdmin)]


def test_every_authority_scoped_model_is_walked() -> None:
    assert {a.model for a in _scoped_admins()} <= set(MODEL_KINDS)
    assert len(_scoped_admins()) == 12


def test_no_admin_page_shows_another_authoritys_record_or_its_history(offices) -> None:
    mine, theirs = offices
    client = Client(raise_request_exception=False)
    client.force_login(mine.users["admin"])

    shown = {}
    for model_admin in _scoped_admins():
        for url in _record_urls(model_admin, theirs):
            for method in (client.get, client.post):
                response = method(url)
                if response.status_code != 404 or theirs.marker in response.text:
                    shown[f"{method.__name__.upper()} {url}"] = response.status_code

    assert shown == {}


def test_the_authoritys_own_records_and_their_history_open_in_its_admin(offices) -> None:
    mine, _ = offices
    client = Client(raise_request_exception=False)
    client.force_login(mine.users["admin"])

    statuses = {
        url: client.get(url).status_code
        for model_admin in _scoped_admins()
        for url in _record_urls(model_admin, mine)
        if "/delete/" not in url
    }

    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    assert len(statuses) > 40


def test_an_admin_history_address_whose_id_is_not_a_number_is_not_found(offices) -> None:
    mine, _ = offices
    client = Client()
    client.force_login(mine.users["admin"])

    statuses = [
        client.get("/admin/partnerships/partnership/None/history/").status_code,
        client.get(f"/admin/authorities/authority/{mine.authority.pk}/history/x/").status_code,
    ]

    assert statuses == [404, 404]
