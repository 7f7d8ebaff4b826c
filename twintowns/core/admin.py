"""Admin plumbing: each authority's administrators see and change only their own records."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from twintowns.authorities.models import Role
from twintowns.core.conflicts import last_saved
from twintowns.core.forms import MISSING_VERSION, READ_VERSION, ReadVersionField
from twintowns.core.models import Theme, Versioned
from twintowns.core.services import StaleRecord, record_delete, record_save, require_role


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


class AuthorityScopedAdmin(SimpleHistoryAdmin):
    """Rows of other authorities do not exist here (404), and every save goes the services' way.

    A change form carries the version of the record it was read at, and is refused if someone
    else saved the record since (the admin's own forms, and the history's revert form).
    """

    authority_path = "authority"
    required_role = Role.EDITOR

    # Permissions follow the user's role in their authority, not Django's per-model permissions.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _role_allows(request, Role.VIEWER)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, Role.VIEWER)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _role_allows(request, self.required_role)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, self.required_role)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, self.required_role)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        authority = getattr(request, "authority", None)
        return queryset.filter(**{self.authority_path: authority.pk if authority else None})

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

    changeform_view = _refusing_stale_saves(SimpleHistoryAdmin.changeform_view)
    delete_view = _refusing_stale_saves(SimpleHistoryAdmin.delete_view)

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Django's admin would redirect with "does not exist"; other authorities' rows are 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and related is not None and hasattr(related, "authority"):
            kwargs["queryset"] = related._default_manager.filter(authority=request.authority)  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related, "authority"):
            kwargs["queryset"] = related._default_manager.filter(authority=request.authority)  # type: ignore[attr-defined]
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.authority_path == "authority":
            excluded.append("authority")
        return excluded

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser and self.authority_path == "authority" and not change:
            obj.authority = request.authority  # type: ignore[attr-defined]
        require_role(request.user, _authority_of(obj, self.authority_path), self.required_role)
        record_save(obj, actor=request.user, reason="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        require_role(request.user, _authority_of(obj, self.authority_path), self.required_role)
        record_delete(obj, actor=request.user, reason="admin")


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


def _role_allows(request: HttpRequest, needed: str) -> bool:
    if request.user.is_superuser:
        return True
    role = getattr(request, "staff_role", None)
    return bool(request.user.is_staff and role and role.allows(needed))


def _authority_of(obj: Any, path: str) -> Any:
    for step in path.split("__"):
        obj = obj if step == "pk" else getattr(obj, step)
    return obj


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_tr", "code"]
