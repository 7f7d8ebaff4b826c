"""The directory in the admin, to look at: `twintowns directory import` owns these rows."""

from django.contrib import admin

from twintowns.directory.models import DirectorySource, Twinning, UnresolvedName
from twintowns.places.admin import ViewOnly


@admin.register(DirectorySource)
class DirectorySourceAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["name", "file_name", "imported_at"]
    search_fields = ["name", "file_name"]


@admin.register(Twinning)
class TwinningAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["place_a", "place_b"]
    list_select_related = ["place_a__country", "place_b__country"]
    list_filter = ["sources"]
    raw_id_fields = ["place_a", "place_b"]
    show_full_result_count = False


@admin.register(UnresolvedName)
class UnresolvedNameAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["city", "country", "outcome", "rows", "candidates", "source"]
    list_filter = ["source", "outcome"]
    list_select_related = ["source"]
    search_fields = ["city", "country"]
