from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.core.admin import AuthorityScopedAdmin, HistoryAdmin


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin):
    authority_path = "pk"
    required_role = Role.ADMIN
    list_display = ["name", "slug"]
    raw_id_fields = ["place"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(StaffRole)
class StaffRoleAdmin(AuthorityScopedAdmin):
    required_role = Role.ADMIN
    list_display = ["user", "authority", "role"]
    list_select_related = ["user", "authority"]


# Django's own admins of users and groups (superusers only), with their audit history.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(HistoryAdmin, UserAdmin):
    pass


@admin.register(Group)
class AuditedGroupAdmin(HistoryAdmin, GroupAdmin):
    pass
