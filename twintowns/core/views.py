from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from twintowns.activities.selectors import recent, upcoming
from twintowns.core import caching
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
    today = timezone.localdate()
    context = {
        "overview": caching.for_authority(
            request.authority, "overview", lambda: overview(request.authority)
        ),
        "upcoming": upcoming(request.authority, today),
        "recent": recent(request.authority, today),
        "health": cached_health_report(request.authority),
    }
    return render(request, "core/home.html", context)
