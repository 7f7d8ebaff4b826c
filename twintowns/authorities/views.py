from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from twintowns.authorities.forms import ProfileForm
from twintowns.authorities.models import Authority
from twintowns.authorities.services import authority_update
from twintowns.core.access import office_view
from twintowns.core.pages import form_page, invalid, saved


@office_view
def profile_view(request: HttpRequest) -> HttpResponse:
    authority = request.authority  # type: ignore[attr-defined]
    return render(
        request,
        "authorities/profile.html",
        {"authority": authority, "recorded_partners": authority.partnerships.count()},
    )


@office_view
def profile_edit_view(request: HttpRequest) -> HttpResponse:
    authority: Authority = request.authority  # type: ignore[attr-defined]
    form = ProfileForm(request.POST or None, instance=Authority.objects.get(pk=authority.pk))
    page = {
        "title": _("Edit the profile"),
        "back_url": authority.get_absolute_url(),
        "back_label": authority.name,
    }
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        authority_update(actor=request.user, authority=authority, **form.cleaned_data)
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, authority.get_absolute_url())
