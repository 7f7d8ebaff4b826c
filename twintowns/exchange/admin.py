from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from twintowns.core.admin import AuthorityScopedAdmin
from twintowns.exchange.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(AuthorityScopedAdmin):
    list_display = ["label", "authority", "language", "created_by", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["authority", "created_by"]
    search_fields = ["label"]
    fields = ["label", "language", "token_prefix", "created_by", "created_at", "last_used_at"]
    fields += ["revoked_at"]
    readonly_fields = ["token_prefix", "created_by", "created_at", "last_used_at"]

    # A feed's secret URL is shown once, on the page that makes it; the admin cannot show it.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
