from django.urls import path

from mosaic.reports import views

app_name = "reports"
urlpatterns = [
    path("documents/<slug:public_id>/report", views.report_problem, name="report"),
]
