from django.urls import path

from twintowns.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list_view, name="list"),
    path("new/", views.activity_create_view, name="create"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("culture-days/", views.culture_days_view, name="culture_days"),
    path("conferences/", views.conference_list_view, name="conferences"),
    path("impact/", views.impact_view, name="impact"),
    path("impact/per-year.csv", views.impact_years_csv_view, name="impact_years_csv"),
    path("impact/per-partner.csv", views.impact_partners_csv_view, name="impact_partners_csv"),
    path("best-practices/", views.best_practice_list_view, name="best_practices"),
    path("<int:pk>/", views.activity_detail_view, name="detail"),
    path("<int:pk>/edit/", views.activity_edit_view, name="edit"),
    path("<int:pk>/delete/", views.activity_delete_view, name="delete"),
    path("<int:pk>/attachments/new/", views.attachment_create_view, name="attachment_create"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_file_view,
        name="attachment_file",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete_view,
        name="attachment_delete",
    ),
]
