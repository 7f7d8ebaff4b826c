from django.urls import path

from twintowns.places import views

app_name = "places"
urlpatterns = [path("suggest/", views.suggest, name="suggest")]
