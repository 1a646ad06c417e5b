from django.contrib import admin

from mosaic.common.models import URL_FORM_FIELDS
from mosaic.archives.models import Repository


@admin.register(Repository)
class RepositoryAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FORM_FIELDS
    list_display = ["code", "name", "country"]
    list_filter = ["country"]
    search_fields = ["code", "name", "aliases"]
