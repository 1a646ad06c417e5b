from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mosaic.common.bilingual import side_by_side
from mosaic.curation.admin import CuratedAdmin, number_documents_by_date
from mosaic.collections.models import Collection, CollectionMembership


class MembershipInline(admin.TabularInline):
    model = CollectionMembership
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["order", "document", "note"]
    verbose_name = _("document")
    verbose_name_plural = _("documents")


@admin.register(Collection)
class CollectionAdmin(CuratedAdmin):
    list_display = ["title", "slug", "parent", "order", "status", "translation_priority"]
    list_filter = ["status", "translation_priority", "parent"]
    search_fields = ["title", "slug", "description", "title_ko", "description_ko"]
    fields = ["slug", *side_by_side("title", "description"), "parent", "order", "status", "translation_priority"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]
    actions = [*CuratedAdmin.actions, number_documents_by_date("memberships")]
