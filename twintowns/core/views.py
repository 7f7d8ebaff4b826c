from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from twintowns.activities.selectors import recent, upcoming
from twintowns.core.access import OfficeRequest, get_owned, office_view
from twintowns.core.history import history_entries
from twintowns.core.registry import HISTORY_MODELS
from twintowns.core.selectors import overview
from twintowns.insights.health import cached_health_report


@office_view
def history(request: OfficeRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in HISTORY_MODELS:
        raise Http404
    model, via = HISTORY_MODELS[kind]
    obj = get_owned(request, model, pk, via)
    back_url = obj.get_absolute_url()  # type: ignore[attr-defined]  # every registered model has one
    context = {"object": obj, "entries": history_entries(obj), "back_url": back_url}
    return render(request, "core/history.html", context)


@office_view
def home(request: OfficeRequest) -> HttpResponse:
    # Read only when the page's cached fragment is missing (core/home.html): lazily.
    authority, today = request.authority, timezone.localdate()
    context = {
        "overview": SimpleLazyObject(lambda: overview(authority, today)),
        "upcoming": upcoming(authority, today),
        "recent": recent(authority, today),
        "health": SimpleLazyObject(lambda: cached_health_report(authority)),
    }
    return render(request, "core/home.html", context)
