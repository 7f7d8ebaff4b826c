from django.urls import path

from twintowns.api import views
from twintowns.api.v1 import api

app_name = "api"
urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", views.token_list_view, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
