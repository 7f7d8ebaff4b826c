"""Puts the authority a signed-in user acts for, and their role in it, on every request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from twintowns.authorities.models import StaffRole

SESSION_KEY = "twintowns_authority"


class AuthorityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        roles = _roles(request)
        chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        role = next((r for r in roles if r.authority_id == chosen), roles[0] if roles else None)
        request.staff_roles = roles  # type: ignore[attr-defined]
        request.staff_role = role  # type: ignore[attr-defined]
        request.authority = role.authority if role else None  # type: ignore[attr-defined]
        return self.get_response(request)


def _roles(request: HttpRequest) -> list[StaffRole]:
    """The user's roles, one query; the first by authority name is the default."""
    if not request.user.is_authenticated:
        return []
    roles = StaffRole.objects.filter(user=request.user).select_related("authority")
    return list(roles.order_by("authority__name"))
