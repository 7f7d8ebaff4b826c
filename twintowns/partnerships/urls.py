from django.urls import path

from twintowns.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list_view, name="list"),
    path("new/", views.partnership_create_view, name="create"),
    path("map/", views.partner_map_view, name="map"),
    path("map.geojson", views.partner_geojson_view, name="geojson"),
    path("<int:pk>/", views.partnership_detail_view, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit_view, name="edit"),
    path("<int:pk>/delete/", views.partnership_delete_view, name="delete"),
    path("<int:pk>/status/", views.partnership_move_view, name="move"),
    path("<int:pk>/contacts/new/", views.contact_form_view, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_form_view, name="contact_edit"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        views.contact_delete_view,
        name="contact_delete",
    ),
    path("<int:pk>/agreements/new/", views.agreement_form_view, name="agreement_create"),
    path(
        "<int:pk>/agreements/<int:document_pk>/", views.agreement_file_view, name="agreement_file"
    ),
    path(
        "<int:pk>/agreements/<int:document_pk>/delete/",
        views.agreement_delete_view,
        name="agreement_delete",
    ),
]
