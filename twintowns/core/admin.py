"""Admin plumbing every app shares: the history of each record, and the version check of a
change form. Keeping each authority to its own rows is `authorities.scoped_admin`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from twintowns.core.conflicts import last_saved
from twintowns.core.forms import MISSING_VERSION, READ_VERSION, ReadVersionField
from twintowns.core.models import StaleRecord, Theme, Versioned


def _refusing_stale_saves[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """A save that lost a race to someone else's (the form's own check passed just before) is
    told so, and the page opens again with what is stored now; nothing of it was written."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except StaleRecord as stale:
            admin_, request = args[0], args[1]
            assert isinstance(admin_, admin.ModelAdmin) and isinstance(request, HttpRequest)
            admin_.message_user(request, _stale_message(stale.instance), messages.ERROR)
            return HttpResponseRedirect(request.path)

    return wrapper


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin with the history of each record, its versions read in one query."""

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> models.QuerySet[Any]:
        versions = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        tracked = versions.model.tracked_fields
        parents = [f.name for f in tracked if isinstance(f, models.ForeignKey)]
        # Django deprecates select_related() without names, which the library calls then.
        return versions.select_related(*parents) if parents else versions

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # The library saves a posted version (a revert) on a view permission alone.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class VersionCheckedAdmin(HistoryAdmin):
    """A change form carries the version of the record it was read at, and is refused if
    someone else saved the record since (the admin's own forms, and the history's revert form).

    The save itself must claim that version (`record_save` does: see AuthorityScopedAdmin).
    """

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if _stored_versioned(obj):
            kwargs["form"] = _with_read_version(kwargs.get("form") or self.form)
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if _stored_versioned(obj) and READ_VERSION not in fields:
            fields.append(READ_VERSION)
        return fields

    changeform_view = _refusing_stale_saves(HistoryAdmin.changeform_view)
    delete_view = _refusing_stale_saves(HistoryAdmin.delete_view)


def _stored_versioned(obj: Any) -> bool:
    return isinstance(obj, Versioned) and obj.pk is not None


class _VersionChecked:
    """For a ModelForm of the admin: refuses the form if the record was saved since the
    version its hidden field carries, and gives the record that version for the save's own
    check. The stored version is read, not the form's instance: the history's revert form is
    given an old version of the record."""

    instance: models.Model
    fields: dict[str, Any]
    is_bound: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields[READ_VERSION].initial = _stored_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        read = cleaned.get(READ_VERSION)
        if read is None:
            raise ValidationError(str(MISSING_VERSION))
        if read != _stored_version(self.instance):
            raise ValidationError(_stale_message(self.instance))
        self.instance.version = read  # type: ignore[attr-defined]
        return cleaned


def _with_read_version(form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    attrs = {READ_VERSION: ReadVersionField()}
    return type(form.__name__, (_VersionChecked, form), attrs)  # type: ignore[return-value]


def _stored_version(record: models.Model) -> int | None:
    rows = type(record)._base_manager.filter(pk=record.pk)
    return rows.values_list("version", flat=True).first()


def _stale_message(record: models.Model) -> str:
    user, when = last_saved(record)
    if user is not None and when is not None:
        who = _("%(user)s saved this record on %(when)s, after you opened it.") % {
            "user": user,
            "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        }
    else:
        who = _("Someone else saved this record after you opened it.")
    return " ".join(
        [who, _("Nothing of yours was saved. Open it again to see their change, then make yours.")]
    )


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "name_tr", "code"]
