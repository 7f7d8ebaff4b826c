from django.contrib import admin

from twintowns.authorities.scoped_admin import AuthorityScopedAdmin
from twintowns.networks.models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(AuthorityScopedAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Membership)
class MembershipAdmin(AuthorityScopedAdmin):
    list_display = ["organization", "role", "since_year"]
    list_select_related = ["organization"]
