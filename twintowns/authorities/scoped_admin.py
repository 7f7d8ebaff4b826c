"""The admin of what an authority owns: each authority's administrators see and change only
their own records, and every save goes the services' way."""

from typing import Any

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from twintowns.authorities.models import Role
from twintowns.authorities.records import record_delete, record_save, require_role
from twintowns.authorities.registry import path_to_authority
from twintowns.authorities.selectors import staff_of
from twintowns.core.admin import VersionCheckedAdmin


class AuthorityScopedAdmin(VersionCheckedAdmin):
    """Rows of other authorities do not exist here (404), nor do their versions in the history
    (deleted rows included), and every save goes the services' way.

    The way from a row to its authority is the model's entry in the registry of what an
    authority owns (`authorities.registry`).
    """

    required_role = Role.EDITOR

    @property
    def authority_path(self) -> str:
        return path_to_authority(self.model)

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
