"""Admin plumbing: each authority's administrators see and change only their own records."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from twintowns.authorities.models import Role
from twintowns.core.models import Theme
from twintowns.core.services import record_delete, record_save, require_role


class AuthorityScopedAdmin(SimpleHistoryAdmin):
    """Rows of other authorities do not exist here (404), and every save goes the services' way."""

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
