"""Tokens and a client that sends one, for the API's tests."""

from typing import Any

import pytest
from django.test import Client

from twintowns.api.services import api_token_create
from twintowns.authorities.models import Authority, StaffRole


class ApiClient:
    """Django's test client (the whole middleware stack), sending JSON and a bearer token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(_url(path), data, headers=self.headers)

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(
            _url(path), data, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: dict[str, Any], *, if_match: str | None = None) -> Any:
        return self.client.patch(
            _url(path), data, content_type="application/json", headers=self._with(if_match)
        )

    def delete(self, path: str, *, if_match: str | None = None) -> Any:
        return self.client.delete(_url(path), headers=self._with(if_match))

    def change(self, path: str, data: dict[str, Any]) -> Any:
        """A PATCH as a careful client sends it: with the ETag its GET just gave."""
        return self.patch(path, data, if_match=self.get(path)["ETag"])

    def _with(self, if_match: str | None) -> dict[str, str]:
        return self.headers | ({"If-Match": if_match} if if_match is not None else {})


def _url(path: str) -> str:
    return f"/api/v1/{path.lstrip('/')}"


def token_for(role: StaffRole, authority: Authority | None = None) -> str:
    return api_token_create(
        actor=role.user, authority=authority or role.authority, label="tests"
    ).secret


@pytest.fixture
def editor_api(editor_role: StaffRole) -> ApiClient:
    return ApiClient(token_for(editor_role))


@pytest.fixture
def viewer_api(viewer_role: StaffRole) -> ApiClient:
    return ApiClient(token_for(viewer_role))
