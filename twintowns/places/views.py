from django.http import HttpResponse
from django.shortcuts import render

from twintowns.core.access import OfficeRequest, office_view
from twintowns.places.forms import place_label
from twintowns.places.selectors import place_search


@office_view
def suggest(request: OfficeRequest) -> HttpResponse:
    """Suggestions for a place box, for whatever single value the box sent."""
    query = next(iter(request.GET.dict().values()), "")
    places = place_search(query, limit=12) if len(query.strip()) >= 2 else []
    options = [{"label": place_label(p), "population": p.population} for p in places]
    return render(request, "places/suggestions.html", {"places": options})
