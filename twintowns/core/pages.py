"""What every form page shares: show it, validate it, save through a service, redirect.

The form of a stored record carries the version it was read at; a save that comes after someone
else's is refused, and the page shows both, field by field, to save again (see `conflict_page`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm, BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from twintowns.core.conflicts import Conflict, compare, last_saved
from twintowns.core.forms import (
    MISSING_VERSION,
    READ_VERSION,
    ReadVersionField,
    add_service_errors,
    carry_version,
    initial_value,
    show_unbound,
)
from twintowns.core.models import StaleRecord, Versioned


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@dataclass
class FormPage:
    title: str
    back_url: str = ""
    back_label: str = ""


def form_page(
    request: HttpRequest,
    form: BaseForm,
    page: FormPage,
    *,
    status: int = 200,
    conflict: Conflict | None = None,
) -> HttpResponse:
    """The form page, or only its form for htmx, which swaps it in place."""
    context = {
        "form": form,
        "title": page.title,
        "back_url": page.back_url,
        "back_label": page.back_label,
        "conflict": conflict,
        "choices": isinstance(form, BaseModelForm),
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
    return form_page(request, form, page, status=_refused(request, 422))


def _refused(request: HttpRequest, status: int) -> int:
    # htmx swaps in only what a 2xx answer brings.
    return 200 if is_htmx(request) else status


def edit_page(
    request: HttpRequest,
    form: BaseForm,
    page: FormPage,
    save: Callable[[], str],
    *,
    record: models.Model | None = None,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls `save`, a service call that returns
    the URL to go to next. A service's ValidationError comes back on the fields it names.

    `record` (by default the form's instance) is what the form changes: if it is stored and
    versioned, the form carries the version it is at, and a save from an older one shows
    `conflict_page` instead, having written nothing.
    """
    record = record if record is not None else getattr(form, "instance", None)
    carry_version(form, record)
    if request.method != "POST":
        return form_page(request, form, page)
    if not form.is_valid() or not _read_at(request, form, record):
        return invalid(request, form, page)
    try:
        url = save()
    except StaleRecord as stale:
        return conflict_page(request, form, page, stale)
    except ValidationError as error:
        return invalid(request, form, page, error)
    return saved(request, url)


def _read_at(request: HttpRequest, form: BaseForm, record: models.Model | None) -> bool:
    """Give `record` the version its form was read at; apply the conflict page's choices.

    False, with a message on the form, when a versioned form came without its version.
    """
    if READ_VERSION not in form.fields or record is None:
        return True
    version = form.cleaned_data.pop(READ_VERSION, None)
    if version is None:
        form.add_error(None, MISSING_VERSION)
        return False
    assert isinstance(record, Versioned)
    record.version = version
    _take_stored(request, form, record)
    return True


def _take_stored(request: HttpRequest, form: BaseForm, record: models.Model) -> None:
    """Where the conflict page's person chose the stored value, save that one."""
    fields = {f.name: f for f in (*record._meta.concrete_fields, *record._meta.many_to_many)}
    names = [
        name
        for name in form.cleaned_data
        if name in fields and request.POST.get(f"{CHOICE_PREFIX}{name}") == "stored"
    ]
    stored = type(record)._base_manager.filter(pk=record.pk).first() if names else None
    if stored is None:
        return
    for name in names:
        if fields[name].many_to_many:
            form.cleaned_data[name] = list(getattr(stored, name).all())
        else:
            form.cleaned_data[name] = getattr(stored, name)
            setattr(getattr(form, "instance", record), name, getattr(stored, name))


CHOICE_PREFIX = "conflict-"


def conflict_page(
    request: HttpRequest, form: BaseForm, page: FormPage, stale: StaleRecord
) -> HttpResponse:
    """Their change and yours, field by field, above the form to save again (409).

    The form holds the stored values where only the other person changed a field, and the
    refused save's values everywhere else, with the version stored now: saving it again keeps
    what both did, and, where both changed a field, what the person chose.
    """
    record = stale.instance
    yours = dict(form.cleaned_data)
    conflict = compare(type(record), record.pk, stale.read_version, yours)
    initial: dict[str, Any] = {name: initial_value(value) for name, value in yours.items()}
    initial.update(conflict.merged)
    initial[READ_VERSION] = conflict.version
    show_unbound(form, initial)
    return form_page(request, form, page, status=_refused(request, 409), conflict=conflict)


def delete_page(
    request: HttpRequest, obj: models.Model, back_url: str, delete: Callable[[], str]
) -> HttpResponse:
    """GET asks to confirm; POST calls `delete`, which returns where to go next.

    The confirmation carries the version of the record it showed: if someone changed the
    record since, nothing is deleted and the page asks again, saying who changed it and when.
    """
    changed: tuple[Any, Any] | None = None
    version = getattr(obj, "version", None)
    if request.method == "POST":
        read = ReadVersionField().clean(request.POST.get(READ_VERSION))
        if isinstance(obj, Versioned) and read is not None:
            obj.version = read
        try:
            return redirect(delete())
        except StaleRecord:
            changed, version = last_saved(obj), _stored_version(obj)
    context = {"object": obj, "back_url": back_url, "changed": changed, "version": version}
    return render(request, "core/confirm_delete.html", context, status=409 if changed else 200)


def _stored_version(record: models.Model) -> int | None:
    return type(record)._base_manager.filter(pk=record.pk).values_list("version", flat=True).first()
