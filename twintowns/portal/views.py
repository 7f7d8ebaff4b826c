"""Citizens' pages: no sign-in, the same page for everyone, so a proxy or CDN can keep it."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from twintowns.portal.selectors import city_page, partner_points

# A festival crowd is served by the proxy for five minutes; closing the page takes as long.
PUBLIC_MAX_AGE = 300


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def city_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a city's partners, if its office opened it."""
    page = city_page(slug)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "authority": page.authority,
        "points": partner_points(page),
        "tile_url": settings.TWINTOWNS_MAP_TILE_URL,
        "tile_attribution": settings.TWINTOWNS_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "portal/city.html", context)
