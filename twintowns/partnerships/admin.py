from django.contrib import admin

from twintowns.authorities.scoped_admin import AuthorityScopedAdmin
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent, Partnership


@admin.register(Partnership)
class PartnershipAdmin(AuthorityScopedAdmin):
    list_display = ["partner", "kind", "status", "signed_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["partner__country"]
    search_fields = ["partner__name"]
    raw_id_fields = ["partner"]


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(AuthorityScopedAdmin):
    list_display = ["partnership", "status", "date"]
    list_select_related = ["partnership__partner"]


@admin.register(Contact)
class ContactAdmin(AuthorityScopedAdmin):
    list_display = ["name", "position", "partnership"]
    list_select_related = ["partnership__partner"]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(AuthorityScopedAdmin):
    list_display = ["title", "partnership", "signed_on"]
    list_select_related = ["partnership__partner"]
