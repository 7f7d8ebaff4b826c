from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twintowns.authorities import registry
from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.authorities.forms import ProfileForm
from twintowns.authorities.middleware import SESSION_KEY
from twintowns.authorities.models import Authority, StaffRole
from twintowns.authorities.services import authority_update
from twintowns.core.history import history_entries
from twintowns.core.pages import FormPage, edit_page
from twintowns.places.display import place_lines
from twintowns.places.selectors import place_suggestions, places_by_id


@office_view
def profile_view(request: OfficeRequest) -> HttpResponse:
    authority = request.authority
    context = {
        "authority": authority,
        "seat": places_by_id([authority.place_id])[0] if authority.place_id else None,
        "recorded_partners": authority.partnerships.count(),
    }
    return render(request, "authorities/profile.html", context)


@office_view
def profile_edit_view(request: OfficeRequest) -> HttpResponse:
    authority = request.authority
    # A copy for the form, which writes its values onto the instance it is given.
    form = ProfileForm(request.POST or None, instance=Authority.objects.get(pk=authority.pk))
    page = FormPage(_("Edit the profile"), authority.get_absolute_url(), authority.name)

    def save() -> str:
        # The form's copy carries the version the form was read at.
        authority_update(actor=request.user, authority=form.instance, **form.cleaned_data)
        return authority.get_absolute_url()

    return edit_page(request, form, page, save)


@login_required
@require_POST
def switch_view(request: HttpRequest) -> HttpResponse:
    """Act for another authority in which the user holds a role (a union's staff hold several)."""
    role = get_object_or_404(
        StaffRole, user=request.user, authority_id=request.POST.get("authority")
    )
    request.session[SESSION_KEY] = role.authority_id
    return redirect("home")


@office_view
def history(request: OfficeRequest, kind: str, pk: int) -> HttpResponse:
    """The history page of a record of the authority, of any kind the registry gives one."""
    entry = registry.with_history().get(kind)
    if entry is None:
        raise Http404
    obj = get_owned(request, entry.model, pk, entry.path)
    back_url = obj.get_absolute_url()  # type: ignore[attr-defined]  # every registered model has one
    context = {"object": obj, "entries": history_entries(obj), "back_url": back_url}
    return render(request, "core/history.html", context)


# Letters typed before the box suggests anything: one letter begins too many names.
MIN_LETTERS = 2


@office_view
def place_suggest_view(request: OfficeRequest) -> HttpResponse:
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
