from django.contrib import admin
from django.urls import include, path

from mosaic.api import api

admin.site.site_header = "Mosaic staff"
admin.site.site_title = "Mosaic staff"
admin.site.index_title = "Archive records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("mosaic.pages.urls")),
    path("", include("mosaic.translations.urls")),
    path("", include("mosaic.reports.urls")),
    path("", include("mosaic.curation.urls")),
    path("", include("mosaic.accounts.urls")),
    path("", include("mosaic.context.urls")),
    path("", include("mosaic.timeline.urls")),
    path("", include("mosaic.subjects.urls")),
    path("", include("mosaic.lens.urls")),
    path("", include("mosaic.iiif.urls")),
    path("", include("mosaic.preservation.urls")),
    path("", include("mosaic.jobs.urls")),
    path("", include("mosaic.books.urls")),
    path("", include("mosaic.oai.urls")),
    path("", include("mosaic.opendata.urls")),
    path("", include("mosaic.annotations.urls")),
]
