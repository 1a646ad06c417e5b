from django.contrib import admin
from django.urls import path

from mosaic.preservation import views

app_name = "preservation"
urlpatterns = [
    path("staff/audit/", admin.site.admin_view(views.audit_log), name="audit_log"),
    path("staff/foliation/", admin.site.admin_view(views.foliation_index), name="foliation_index"),
    path("staff/foliation/file/", admin.site.admin_view(views.foliation_file), name="foliation_file"),
    path("staff/accessions/<slug:accession_id>/", admin.site.admin_view(views.accession_detail), name="accession"),
]
