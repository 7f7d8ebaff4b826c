"""Who may see what: office pages need a login and a role; records of other authorities are 404."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django_htmx.middleware import HtmxDetails

from twintowns.authorities.models import Authority, StaffRole


class OfficeRequest(HttpRequest):
    """A request inside an office page: AuthorityMiddleware and office_view guarantee these."""

    authority: Authority
    staff_role: StaffRole
    htmx: HtmxDetails


def office_view[**P, R: HttpResponseBase](
    view: Callable[..., R],
) -> Callable[..., R | HttpResponse]:
    """A page of the office: signed in, and holding a role in some authority."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> R | HttpResponse:
        if getattr(request, "authority", None) is None:
            return render(request, "core/no_authority.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def get_owned[M: models.Model](
    request: OfficeRequest, model: type[M], pk: int, via: str = "authority"
) -> M:
    """Fetch a record of the request's authority, or answer 404 as if it did not exist."""
    queryset = model._default_manager.filter(**{via: request.authority.pk})
    return get_object_or_404(queryset, pk=pk)
