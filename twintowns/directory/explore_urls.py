from django.urls import path

from twintowns.directory import explore

app_name = "network"
urlpatterns = [
    path("", explore.network_view, name="index"),
    path("<slug:slug>.csv", explore.figure_csv_view, name="figure_csv"),
    path("twinnings/", explore.twinnings_view, name="twinnings"),
    path("places/<int:pk>/", explore.place_view, name="place"),
    path("places/<int:pk>.geojson", explore.place_geojson_view, name="place_geojson"),
    path("suggest/", explore.suggest_view, name="suggest"),
    path("reconcile/", explore.reconcile_view, name="reconcile"),
    path("reconcile/<int:pk>/dismiss/", explore.dismiss_view, name="dismiss"),
    path("reconcile/dismissed/<int:pk>/undo/", explore.undismiss_view, name="undismiss"),
]
