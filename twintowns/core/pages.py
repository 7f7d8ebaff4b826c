"""What every form page shares: render it (whole or as htmx fragment), redirect after saving."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from twintowns.core.access import is_htmx
from twintowns.core.forms import add_service_errors


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    back_url: str = "",
    back_label: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
    }
    template = "core/form.html#form" if is_htmx(request) else "core/form.html"
    return render(request, template, context, status=status)


def saved(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)


def invalid(
    request: HttpRequest, form: BaseForm, error: ValidationError | None = None, **page: Any
) -> HttpResponse:
    """The form again with every error on its field; the data is as it was before the attempt."""
    if error is not None:
        add_service_errors(form, error)
    return form_page(request, form, status=422 if not is_htmx(request) else 200, **page)
