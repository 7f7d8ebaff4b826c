"""Admin plumbing: each authority's administrators see and change only their own records."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from twintowns.authorities.models import Role
from twintowns.authorities.selectors import staff_of
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


class AuthorityScopedAdmin(HistoryAdmin):
    """Rows of other authorities do not exist here (404), nor do their versions in the history
    (deleted rows included), and every save goes the services' way.

    A change form carries the version of the record it was read at, and is refused if someone
    else saved the record since (the admin's own forms, and the history's revert form).
    """

    authority_path = "authority"
    required_role = Role.EDITOR

    # Permissions follow the user's role in their authority, not Django's per-model permissions,
    # and a record, or a version of one, of another authority allows nothing.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _role_allows(request, Role.VIEWER)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, Role.VIEWER) and self._owns(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _role_allows(request, self.required_role)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, self.required_role) and self._owns(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _role_allows(request, self.required_role) and self._owns(request, obj)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        _valid_id_or_404(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        _valid_id_or_404(self.model._meta.pk, object_id)
        history = self.model.history
        _valid_id_or_404(history.model._meta.pk, version_id)
        version = history.filter(
            **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}
        )
        if not self._own_versions(request, version).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> models.QuerySet[Any]:
        versions = super().get_history_queryset(request, history_manager, pk_name, object_id)
        # As a subquery: filtering on the parent's id beside select_related() would make its
        # outer join inner, and drop the versions whose parent was deleted since.
        owned = self._own_versions(request, history_manager.filter(**{pk_name: object_id}))
        return versions.filter(history_id__in=owned.values("history_id"))

    def _own_versions(self, request: HttpRequest, versions: models.QuerySet[Any]) -> Any:
        """The versions written while the record belonged to the request's authority."""
        if request.user.is_superuser:
            return versions
        authority = getattr(request, "authority", None)
        return versions_owned(versions, self.authority_path, authority.pk if authority else None)

    def _owns(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        if self.get_queryset(request).filter(pk=obj.pk).exists():
            return True
        versions = self.model.history.filter(**{self.model._meta.pk.attname: obj.pk})
        return bool(self._own_versions(request, versions).exists())

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

    changeform_view = _refusing_stale_saves(HistoryAdmin.changeform_view)
    delete_view = _refusing_stale_saves(HistoryAdmin.delete_view)

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Django's admin would redirect with "does not exist"; other authorities' rows are 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and related is get_user_model():
            # The installation's users are not the authority's to browse: only its own staff.
            kwargs["queryset"] = staff_of(request.authority)  # type: ignore[attr-defined]
        elif (
            not request.user.is_superuser and related is not None and hasattr(related, "authority")
        ):
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


def versions_owned(versions: models.QuerySet[Any], path: str, authority_pk: int | None) -> Any:
    """The historical rows of `versions` that belonged to the authority, following `path`
    ("authority", "pk", "partnership__authority"...) through the rows' own values: a version
    keeps the parent's id even once that parent is deleted, and so does the parent's history.
    """
    model = versions.model.instance_type
    step, _, rest = path.partition("__")
    if step == "pk":
        return versions.filter(**{model._meta.pk.attname: authority_pk})
    field = model._meta.get_field(step)
    if not rest:
        return versions.filter(**{field.attname: authority_pk})
    parent = field.related_model
    live = parent._default_manager.filter(**{rest: authority_pk}).values("pk")
    past = versions_owned(parent.history.all(), rest, authority_pk)
    return versions.filter(
        Q(**{f"{field.attname}__in": live})
        | Q(**{f"{field.attname}__in": past.values(parent._meta.pk.attname)})
    )


def _valid_id_or_404(pk_field: Any, value: str) -> None:
    # An id that is not one (".../None/history/") is a page that does not exist, not a 500.
    try:
        pk_field.to_python(unquote(value))
    except ValidationError as error:
        raise Http404 from error


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
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "name_tr", "code"]
