"""Bearer tokens: each request acts for the token's user in the token's authority."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_authenticate
from twintowns.authorities.models import StaffRole


class ApiRequest(HttpRequest):
    """A request that passed TokenAuth: `auth` is its token, with the role read with it."""

    auth: ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        # What the pages' middleware gives a signed-in user, so shared code reads the same.
        request.user = api_token.user
        request.authority = api_token.authority  # type: ignore[attr-defined]
        request.staff_role = StaffRole(  # type: ignore[attr-defined]
            user=api_token.user,
            authority=api_token.authority,
            role=api_token.role,  # type: ignore[attr-defined]
        )
        return api_token
