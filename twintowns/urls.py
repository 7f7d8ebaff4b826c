from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from twintowns.authorities import views as authorities_views
from twintowns.directory import urls as directory_urls
from twintowns.insights import views as insights_views

urlpatterns = [
    path("", insights_views.home, name="home"),
    path("partners/", include("twintowns.partnerships.urls")),
    path("activities/", include("twintowns.activities.urls")),
    path("organizations/", include("twintowns.networks.urls")),
    path("profile/", include("twintowns.authorities.urls")),
    path("insights/", include("twintowns.insights.urls")),
    path("places/", include("twintowns.authorities.place_urls")),
    path("exchange/", include("twintowns.exchange.urls")),
    path("imports/", include("twintowns.imports.urls")),
    path("reports/", include("twintowns.reports.urls")),
    path("api/", include("twintowns.api.urls")),
    path("directory/", include((directory_urls.sources, "directory"))),
    path("network/", include((directory_urls.network, "network"))),
    path("history/<str:kind>/<int:pk>/", authorities_views.history, name="history"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
# Citizens' pages carry the language in the URL (/tr/city/ankara/, /en/city/ankara/), so one URL
# is one page a proxy can keep; /city/ankara/ redirects to the reader's language.
urlpatterns += i18n_patterns(path("city/", include("twintowns.portal.urls")))
