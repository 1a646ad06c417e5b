from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from mosaic.api import api
from mosaic.common.language import ScriptCatalog, switch_language

admin.site.site_header = _("Mosaic staff")
admin.site.site_title = _("Mosaic staff")
admin.site.index_title = _("Archive records")
# "View site" leads to the home page in the staff member's language (/ko/ from a Korean staff page).
admin.site.site_url = reverse_lazy("pages:home")

# Machine endpoints: the same address (and identifiers) whatever the reader's language.
urlpatterns = [
    path("api/", api.urls),
    path("", include("mosaic.iiif.urls")),
    path("", include("mosaic.oai.urls")),
    path("", include("mosaic.annotations.urls")),
    path("language/", switch_language, name="switch-language"),
]

# Pages: English at the bare address, Korean under /ko/ (mosaic/common/language.py).
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("jsi18n/", ScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("mosaic.pages.urls")),
    path("", include("mosaic.translations.urls")),
    path("", include("mosaic.reports.urls")),
    path("", include("mosaic.curation.urls")),
    path("", include("mosaic.accounts.urls")),
    path("", include("mosaic.context.urls")),
    path("", include("mosaic.timeline.urls")),
    path("", include("mosaic.subjects.urls")),
    path("", include("mosaic.lens.urls")),
    path("", include("mosaic.preservation.urls")),
    path("", include("mosaic.jobs.urls")),
    path("", include("mosaic.books.urls")),
    path("", include("mosaic.opendata.urls")),
    prefix_default_language=False,
)
