from django.contrib import admin
from django.urls import path

from mosaic.jobs import views

app_name = "jobs"
urlpatterns = [
    path("staff/jobs/", admin.site.admin_view(views.jobs_page), name="jobs"),
    path("staff/jobs/<str:job_id>/retry", admin.site.admin_view(views.retry_job), name="retry"),
]
