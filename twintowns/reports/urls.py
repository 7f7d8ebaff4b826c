from django.urls import path

from twintowns.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_view, name="annual"),
    path("annual/presentation.pptx", views.annual_pptx_view, name="annual_pptx"),
    path("annual/report.pdf", views.annual_pdf_view, name="annual_pdf"),
    path("partners/<int:pk>/briefing.pdf", views.briefing_view, name="briefing"),
]
