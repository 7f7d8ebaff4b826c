"""What every form page shares: show it, validate it, save through a service, redirect."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from twintowns.core.access import is_htmx
from twintowns.core.forms import add_service_errors


@dataclass
class FormPage:
    title: str
    back_url: str = ""
    back_label: str = ""


def form_page(
    request: HttpRequest, form: BaseForm, page: FormPage, *, status: int = 200
) -> HttpResponse:
    """The form page, or only its form for htmx, which swaps it in place."""
    context = {
        "form": form,
        "title": page.title,
        "back_url": page.back_url,
        "back_label": page.back_label,
    }
    template = "core/form.html#form" if is_htmx(request) else "core/form.html"
    return render(request, template, context, status=status)


def saved(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)


def invalid(
    request: HttpRequest, form: BaseForm, page: FormPage, error: ValidationError | None = None
) -> HttpResponse:
    """The form again with every error on its field; the data is as it was before the attempt."""
    if error is not None:
        add_service_errors(form, error)
    return form_page(request, form, page, status=200 if is_htmx(request) else 422)


def edit_page(
    request: HttpRequest, form: BaseForm, page: FormPage, save: Callable[[], str]
) -> HttpResponse:
    """GET shows the form; POST validates it and calls `save`, a service call that returns
    the URL to go to next. A service's ValidationError comes back on the fields it names."""
    if request.method != "POST":
        return form_page(request, form, page)
    if not form.is_valid():
        return invalid(request, form, page)
    try:
        url = save()
    except ValidationError as error:
        return invalid(request, form, page, error)
    return saved(request, url)


def delete_page(
    request: HttpRequest, obj: object, back_url: str, delete: Callable[[], str]
) -> HttpResponse:
    """GET asks to confirm; POST calls `delete`, which returns where to go next."""
    if request.method == "POST":
        return redirect(delete())
    return render(request, "core/confirm_delete.html", {"object": obj, "back_url": back_url})
