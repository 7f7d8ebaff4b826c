"""Fixtures every test may use: fast settings, an authority with one user per role."""

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from tests.factories import AuthorityFactory, StaffRoleFactory, UserFactory
from twintowns.authorities.models import Authority, Role, StaffRole


@pytest.fixture(autouse=True)
def _fast_and_isolated(
    request: pytest.FixtureRequest, settings: Any, tmp_path: Path, django_db_blocker: Any
) -> None:
    cache.clear()  # what one test computed must not answer for the next one's data
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        # A table: a test's rollback empties it, but a flush (transactional tests) does not.
        # Cleared before the test's own database access begins, hence unblocked here.
        request.getfixturevalue("django_db_setup")  # the test database, not the real one
        with django_db_blocker.unblock():
            caches["shared"].clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def authority(db: None) -> Authority:
    return AuthorityFactory(name="Ankara Metropolitan Municipality", slug="ankara")


@pytest.fixture
def other_authority(db: None) -> Authority:
    return AuthorityFactory(name="Izmir Metropolitan Municipality", slug="izmir")


def _staff(authority: Authority, role: str) -> StaffRole:
    return StaffRoleFactory(
        authority=authority, role=role, user=UserFactory(username=f"{authority.slug}-{role}")
    )


@pytest.fixture
def admin_role(authority: Authority) -> StaffRole:
    return _staff(authority, Role.ADMIN)


@pytest.fixture
def editor_role(authority: Authority) -> StaffRole:
    return _staff(authority, Role.EDITOR)


@pytest.fixture
def viewer_role(authority: Authority) -> StaffRole:
    return _staff(authority, Role.VIEWER)


@pytest.fixture
def editor(editor_role: StaffRole):  # type: ignore[no-untyped-def]
    return editor_role.user


@pytest.fixture
def viewer(viewer_role: StaffRole):  # type: ignore[no-untyped-def]
    return viewer_role.user


def _client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor) -> Client:  # type: ignore[no-untyped-def]
    return _client_for(editor)


@pytest.fixture
def viewer_client(viewer) -> Client:  # type: ignore[no-untyped-def]
    return _client_for(viewer)
