"""The directory's pages in two namespaces, as they have always been named: its sources
("directory:", under /directory/) and exploring it ("network:", under /network/)."""

from django.urls import path

from twintowns.directory import views

sources = [
    path("sources/", views.sources_view, name="sources"),
    path("sources/<slug:name>/", views.source_names_view, name="source_names"),
    path("sources/<slug:name>/names.csv", views.source_names_csv_view, name="source_names_csv"),
]
network = [
    path("", views.network_view, name="index"),
    path("<slug:slug>.csv", views.figure_csv_view, name="figure_csv"),
    path("twinnings/", views.twinnings_view, name="twinnings"),
    path("places/<int:pk>/", views.place_view, name="place"),
    path("places/<int:pk>.geojson", views.place_geojson_view, name="place_geojson"),
    path("suggest/", views.suggest_view, name="suggest"),
    path("reconcile/", views.reconcile_view, name="reconcile"),
    path("reconcile/<int:pk>/dismiss/", views.dismiss_view, name="dismiss"),
    path("reconcile/dismissed/<int:pk>/undo/", views.undismiss_view, name="undismiss"),
]
