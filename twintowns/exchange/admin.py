from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from twintowns.authorities.scoped_admin import AuthorityScopedAdmin
from twintowns.exchange.models import CalendarFeed
from twintowns.exchange.services import calendar_feed_revoke


@admin.register(CalendarFeed)
class CalendarFeedAdmin(AuthorityScopedAdmin):
    """Made on the calendar feeds page, where the secret URL is shown once; here seen and revoked
    (for good: "revoked" is not a field to clear)."""

    list_display = ["label", "authority", "language", "created_by", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["authority", "created_by"]
    search_fields = ["label"]
    fields = ["label", "language", "token_prefix", "created_by", "created_at", "last_used_at"]
    fields += ["revoked_at"]
    readonly_fields = ["token_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    # A feed's secret URL is shown once, on the page that makes it; the admin cannot show it.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.action(description=_("Revoke the selected feeds"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[CalendarFeed]) -> None:
        for feed in queryset.filter(revoked_at__isnull=True).select_related("authority"):
            try:
                calendar_feed_revoke(actor=request.user, feed=feed)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, str(error), messages.ERROR)
