"""Puts the authority a signed-in user acts for, and their role in it, on every request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from twintowns.authorities.models import StaffRole

SESSION_KEY = "twintowns_authority"


class AuthorityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.staff_role = _current_role(request)  # type: ignore[attr-defined]
        request.authority = request.staff_role.authority if request.staff_role else None  # type: ignore[attr-defined]
        return self.get_response(request)


def _current_role(request: HttpRequest) -> StaffRole | None:
    if not request.user.is_authenticated:
        return None
    roles = StaffRole.objects.filter(user=request.user).select_related("authority")
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        role = roles.filter(authority_id=chosen).first()
        if role:
            return role
    return roles.order_by("authority__name").first()
