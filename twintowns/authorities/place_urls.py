"""The place box's suggestions at /places/suggest/ ("places:suggest"): an office page, so the
authorities serve it; the gazetteer below them knows nothing of who may ask."""

from django.urls import path

from twintowns.authorities import views

app_name = "places"
urlpatterns = [path("suggest/", views.place_suggest_view, name="suggest")]
