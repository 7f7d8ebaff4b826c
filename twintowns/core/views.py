from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twintowns.activities.models import Direction, Kind
from twintowns.activities.selectors import recent, upcoming
from twintowns.core.access import get_owned, office_view
from twintowns.core.history import history_entries
from twintowns.core.registry import HISTORY_MODELS


@office_view
def history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in HISTORY_MODELS:
        raise Http404
    model, via = HISTORY_MODELS[kind]
    obj = get_owned(request, model, pk, via)
    context = {"object": obj, "entries": history_entries(obj), "back_url": obj.get_absolute_url()}
    return render(request, "core/history.html", context)


@office_view
def home(request: HttpRequest) -> HttpResponse:
    authority = request.authority  # type: ignore[attr-defined]
    today = timezone.localdate()
    activity = authority.activities.aggregate(
        total=Count("pk"),
        culture_days=Count("pk", filter=Q(kind=Kind.CULTURE_DAYS)),
        conferences=Count("pk", filter=Q(kind=Kind.CONFERENCE, direction=Direction.HOSTED)),
    )
    counts = [
        (_("Partners"), authority.partnerships.count(), reverse("partnerships:list")),
        (_("Activities"), activity["total"], reverse("activities:list")),
        (_("Culture days"), activity["culture_days"], reverse("activities:culture_days")),
        (_("Memberships"), authority.memberships.count(), reverse("networks:list")),
        (_("Conferences hosted"), activity["conferences"], reverse("activities:conferences")),
    ]
    context = {
        "counts": counts,
        "upcoming": upcoming(authority, today),
        "recent": recent(authority, today),
    }
    return render(request, "core/home.html", context)
