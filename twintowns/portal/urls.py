from django.urls import path

from twintowns.portal import views

app_name = "portal"
urlpatterns = [
    path("<slug:slug>/", views.city_view, name="city"),
]
