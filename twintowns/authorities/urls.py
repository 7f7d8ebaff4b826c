from django.urls import path

from twintowns.authorities import views

app_name = "authorities"
urlpatterns = [
    path("", views.profile_view, name="profile"),
    path("edit/", views.profile_edit_view, name="edit"),
    path("switch/", views.switch_view, name="switch"),
]
