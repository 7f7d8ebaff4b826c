"""Citizens' pages: no sign-in, the same page for everyone, so a proxy or CDN can keep it."""

from typing import cast

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from twintowns.authorities import caching
from twintowns.portal.selectors import CityPage, city_page, partner_points, public_authority

# A festival crowd is served by the proxy for five minutes; closing the page takes as long.
PUBLIC_MAX_AGE = 300


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@caching.drawn_from_cache("portal/city.html")
def city_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a city's partners, if its office opened it."""
    authority = public_authority(slug)  # read on every request: closing the page is at once
    if authority is None:
        raise Http404
    today = timezone.localdate()
    # Read only when the page's cached fragment is missing (portal/city.html): lazily.
    page = cast(CityPage, SimpleLazyObject(lambda: city_page(authority, today)))
    context = {
        "page": page,
        "authority": authority,
        "today": today,
        "points": lambda: partner_points(page),  # templates call callables
        "tile_url": settings.TWINTOWNS_MAP_TILE_URL,
        "tile_attribution": settings.TWINTOWNS_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "portal/city.html", context)
