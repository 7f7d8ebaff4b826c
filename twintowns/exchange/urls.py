from django.urls import path

from twintowns.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("partners.geojson", views.partners_geojson_view, name="partners_geojson"),
    path("partners.kml", views.partners_kml_view, name="partners_kml"),
    path("<slug:name>.csv", views.list_export_view, {"extension": "csv"}, name="list_csv"),
    path("<slug:name>.xlsx", views.list_export_view, {"extension": "xlsx"}, name="list_xlsx"),
    path("calendar/", views.feeds_view, name="feeds"),
    path("calendar/<int:pk>/revoke/", views.feed_revoke_view, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.feed_ics_view, name="feed"),
]
