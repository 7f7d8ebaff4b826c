from django.contrib import admin

from twintowns.activities.models import Activity, Attachment
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin


@admin.register(Activity)
class ActivityAdmin(AuthorityScopedAdmin):
    list_display = ["title", "kind", "direction", "starts_on"]
    list_filter = ["kind", "direction"]
    search_fields = ["title"]
    raw_id_fields = ["place", "reciprocal"]
    exclude = ["search_text"]


@admin.register(Attachment)
class AttachmentAdmin(AuthorityScopedAdmin):
    list_display = ["__str__", "type", "activity"]
    list_select_related = ["activity"]
