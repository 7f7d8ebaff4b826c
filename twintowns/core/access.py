"""Who may see what: office pages need a login and a role; records of other authorities are 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

View = Callable[..., HttpResponse]


def office_view(view: View) -> View:
    """A page of the office: signed in, and holding a role in some authority."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.authority is None:  # type: ignore[attr-defined]
            return render(request, "core/no_authority.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def get_owned[M: models.Model](
    request: HttpRequest, model: type[M], pk: int, via: str = "authority"
) -> M:
    """Fetch a record of the request's authority, or answer 404 as if it did not exist."""
    queryset = model._default_manager.filter(**{via: request.authority})  # type: ignore[attr-defined]
    return get_object_or_404(queryset, pk=pk)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
