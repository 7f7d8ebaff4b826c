from django.urls import path

from twintowns.directory import views

app_name = "directory"
urlpatterns = [
    path("sources/", views.sources_view, name="sources"),
    path("sources/<slug:name>/", views.source_names_view, name="source_names"),
    path("sources/<slug:name>/names.csv", views.source_names_csv_view, name="source_names_csv"),
]
