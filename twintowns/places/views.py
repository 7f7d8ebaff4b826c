from django.http import HttpResponse
from django.shortcuts import render

from twintowns.core.access import OfficeRequest, office_view
from twintowns.places.display import place_lines
from twintowns.places.selectors import place_suggestions

# Letters typed before the box suggests anything: one letter begins too many names.
MIN_LETTERS = 2


@office_view
def suggest(request: OfficeRequest) -> HttpResponse:
    """Suggestions for a place box, for whatever single value the box sent ("name, country")."""
    query = next(iter(request.GET.dict().values()), "").strip()[:200]
    if len(query.partition(",")[0].strip()) < MIN_LETTERS:
        query = ""
    places = place_suggestions(query) if query else []
    context = {
        "query": query,
        "lines": place_lines(places),
        "list_id": request.headers.get("HX-Target", "places"),
    }
    return render(request, "places/suggestions.html", context)
