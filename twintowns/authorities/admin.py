from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django.utils.translation import gettext as _

from twintowns.authorities.forms import StaffRoleInviteForm
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin
from twintowns.authorities.services import staff_role_invite
from twintowns.core.admin import HistoryAdmin


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin):
    required_role = Role.ADMIN
    list_display = ["name", "slug"]
    raw_id_fields = ["place"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(StaffRole)
class StaffRoleAdmin(AuthorityScopedAdmin):
    """An authority's administrators give roles to people they name (user name or e-mail) and
    invite new ones; only a superuser picks from every user of the installation."""

    required_role = Role.ADMIN
    list_display = ["user", "authority", "role"]
    list_select_related = ["user", "authority"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if request.user.is_superuser or obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        return type("StaffRoleInviteForm", (StaffRoleInviteForm,), {"authority": request.authority})  # type: ignore[attr-defined]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser or obj is not None:
            return super().get_fields(request, obj)
        return ["person", "role"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A role belongs to its person: moving it to someone else is a new role, named.
        fixed = [] if request.user.is_superuser or obj is None else ["user"]
        return [*super().get_readonly_fields(request, obj), *fixed]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not getattr(form, "invites", False):
            super().save_model(request, obj, form, change)
            return
        invited = staff_role_invite(
            actor=request.user,
            authority=request.authority,  # type: ignore[attr-defined]
            email=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            absolute=request.build_absolute_uri,
        )
        obj.pk, obj.user, obj.authority = invited.pk, invited.user, invited.authority
        obj._state.adding = False
        self.message_user(
            request, _("An invitation was sent to %(email)s.") % {"email": invited.user.email}
        )


# Django's own admins of users and groups (superusers only), with their audit history.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(HistoryAdmin, UserAdmin):
    pass


@admin.register(Group)
class AuditedGroupAdmin(HistoryAdmin, GroupAdmin):
    pass
