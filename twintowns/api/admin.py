from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_revoke
from twintowns.authorities.models import Role
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(AuthorityScopedAdmin):
    """Issued on the API tokens page, where the secret is shown once; here seen and revoked."""

    list_display = ["label", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = ["revoked_at"]
    search_fields = ["label", "prefix", "user__username"]
    readonly_fields = ["user", "label", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "label", "prefix", "created_at", "last_used_at", "revoked_at"]
    required_role = Role.ADMIN
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True).select_related("authority"):
            try:
                api_token_revoke(actor=request.user, token=token)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
