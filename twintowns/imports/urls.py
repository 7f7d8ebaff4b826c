from django.urls import path

from twintowns.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_index_view, name="index"),
    path("<int:pk>/", views.import_job_view, name="job"),
    path("<int:pk>/check/", views.import_check_view, name="check"),
    path("<int:pk>/run/", views.import_run_view, name="run"),
    path("<int:pk>/status/", views.import_status_view, name="status"),
]
