"""The API tokens page: create one (shown once), list one's own, revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twintowns.api import services
from twintowns.api.forms import TokenForm
from twintowns.api.models import ApiToken
from twintowns.authorities.access import OfficeRequest, office_view
from twintowns.core.forms import add_service_errors


@office_view
@never_cache  # the page may show a new token, which no cache should keep
def token_list_view(request: OfficeRequest) -> HttpResponse:
    """GET lists the user's tokens in this authority; POST issues one and shows it, once."""
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_create(
                actor=request.user, authority=request.authority, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(
        user_id=request.staff_role.user_id, authority=request.authority
    )
    context = {"form": form, "tokens": tokens, "issued": issued}
    status = 422 if form.errors else 201 if issued else 200
    return render(request, "api/tokens.html", context, status=status)


@office_view
@require_POST
def token_revoke_view(request: OfficeRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(
        ApiToken.objects.select_related("authority"),
        pk=pk,
        user_id=request.staff_role.user_id,
        authority=request.authority,
    )
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The token “%(label)s” is revoked.") % {"label": token.label})
    return redirect("api:tokens")
