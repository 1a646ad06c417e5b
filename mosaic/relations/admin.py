from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mosaic.corpus import access
from mosaic.relations.models import DocumentRelation


class DocumentRelationInline(admin.TabularInline):
    """The links read from the document being edited; a link made on the other document shows
    there, where it can be changed."""
    model = DocumentRelation
    fk_name = "document"
    extra = 0
    autocomplete_fields = ["related"]
    fields = ["kind", "related", "note"]
    verbose_name = _("related document")
    verbose_name_plural = _("related documents (this document is …)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(related__in=access.visible_documents(request.user))
