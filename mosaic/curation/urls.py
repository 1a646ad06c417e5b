from django.contrib import admin
from django.urls import path

from mosaic.curation import views

app_name = "curation"
urlpatterns = [
    path("staff/trash/", admin.site.admin_view(views.trash), name="trash"),
    path("staff/trash/<int:version_id>/restore", admin.site.admin_view(views.restore_from_trash), name="restore"),
]
