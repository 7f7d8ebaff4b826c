"""The gazetteer in the admin, to look at: `twintowns gazetteer` owns these rows."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from twintowns.places.models import Country, Place, PlaceName, Region
from twintowns.places.selectors import place_ids_matching


class ViewOnly:
    """For admins and inlines alike: any staff member may look at the rows, nobody change them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Country)
class CountryAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["code", "name", "name_tr", "continent"]
    list_filter = ["continent"]
    search_fields = ["code", "name", "name_tr"]


@admin.register(Region)
class RegionAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["name", "country", "code"]
    list_filter = ["country__continent"]
    list_select_related = ["country"]
    search_fields = ["name", "code", "country__name", "country__name_tr"]


class PlaceNameInline(ViewOnly, admin.TabularInline):
    model = PlaceName
    fields = ["folded"]
    extra = 0


@admin.register(Place)
class PlaceAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["name", "region", "country", "population", "geonameid"]
    list_filter = ["country__continent"]
    list_select_related = ["country", "region__country"]
    ordering = ["-population", "name"]
    search_fields = ["name"]  # shows the box; the search itself is below
    search_help_text = _("Any name or spelling (İstanbul, Viyana, Москва), or a GeoNames id.")
    show_full_result_count = False  # a COUNT over 170,000 rows on every search
    inlines = [PlaceNameInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Place], search_term: str
    ) -> tuple[QuerySet[Place], bool]:
        # The folded-name index serves the changelist and other admins' autocomplete alike.
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(geonameid=int(term)), False
        return queryset.filter(id__in=place_ids_matching(term)), False
