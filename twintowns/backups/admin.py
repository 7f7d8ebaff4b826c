from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from twintowns.backups.models import Restoration


@admin.register(Restoration)
class RestorationAdmin(admin.ModelAdmin):
    """The log of restores, for the installation's administrators (superusers); read only."""

    list_display = ["restored_at", "restored_by", "host", "file", "made_at", "records"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
