from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mosaic.common.bilingual import side_by_side
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject


class DocumentSubjectInline(admin.TabularInline):
    model = DocumentSubject
    extra = 0
    autocomplete_fields = ["subject"]
    fields = ["subject", "order"]


class DocumentPlaceInline(admin.TabularInline):
    model = DocumentPlace
    extra = 0
    autocomplete_fields = ["place"]
    fields = ["place", "order"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["heading", "broader", "documents"]
    search_fields = ["heading", "heading_ko", "scope_note"]
    autocomplete_fields = ["broader"]
    fields = [*side_by_side("heading"), "slug", "broader", *side_by_side("scope_note")]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the heading's key in every search link and index entry: made once, kept.
        return ["slug"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else [*side_by_side("heading"), "broader", *side_by_side("scope_note")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("broader").annotate(document_count=Count("document_links"))

    @admin.display(description=_("documents"), ordering="document_count")
    def documents(self, subject):
        return subject.document_count
