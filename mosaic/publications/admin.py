from django.contrib import admin

from mosaic.curation.admin import CuratedAdmin, number_documents_by_date
from mosaic.publications.models import Publication, PublicationAuthor, PublicationDocument


class AuthorInline(admin.TabularInline):
    model = PublicationAuthor
    extra = 0
    autocomplete_fields = ["agent"]


class DocumentListInline(admin.TabularInline):
    model = PublicationDocument
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["order", "heading", "document"]


@admin.register(Publication)
class PublicationAdmin(CuratedAdmin):
    list_display = ["title", "kind", "date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorInline, DocumentListInline]
    actions = [*CuratedAdmin.actions, number_documents_by_date("document_links")]
