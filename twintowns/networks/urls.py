from django.urls import path

from twintowns.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views.organization_form_view, name="create"),
    path("<int:pk>/", views.organization_detail_view, name="detail"),
    path("<int:pk>/edit/", views.organization_form_view, name="edit"),
    path("<int:pk>/delete/", views.organization_delete_view, name="delete"),
    path("<int:pk>/membership/", views.membership_form_view, name="membership"),
    path("<int:pk>/membership/delete/", views.membership_delete_view, name="membership_delete"),
]
