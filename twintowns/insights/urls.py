from django.urls import path

from twintowns.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("trends/", views.trends_view, name="trends"),
    path("trends/<slug:slug>.csv", views.trend_csv_view, name="trend_csv"),
    path("union/", views.union_view, name="union"),
    path("union/<slug:slug>.csv", views.union_csv_view, name="union_csv"),
    path("reciprocity/", views.reciprocity_view, name="reciprocity"),
    path("health/", views.health_view, name="health"),
    path("health/<int:pk>/", views.health_detail_view, name="health_detail"),
]
