from django.contrib import admin

from mosaic.common.models import URL_FORM_FIELDS
from mosaic.collections.models import CollectionMembership
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, NameLink, TextLayer


class LocatorInline(admin.StackedInline):
    model = Locator
    extra = 0
    fields = ["order", "repository", "as_printed", ("folio_term", "folio_start", "folio_end")]
    show_change_link = True


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["agent"]
    fields = ["order", "role", "agent", "on_behalf_of", "language"]


class DocumentAgentInline(admin.TabularInline):
    model = DocumentAgent
    extra = 0
    autocomplete_fields = ["agent"]
    fields = ["order", "role", "agent", "as_written"]


class TextLayerInline(admin.StackedInline):
    model = TextLayer
    extra = 0
    fields = [("kind", "language", "made_by"), ("access", "embargo_until"), "text", "order"]


class CollectionMembershipInline(admin.TabularInline):
    model = CollectionMembership
    extra = 0
    autocomplete_fields = ["collection"]
    fields = ["collection", "order", "note"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FORM_FIELDS
    list_display = ["public_id", "title", "date", "doc_type", "origin_country", "status", "access", "catalogue_only"]
    list_filter = ["status", "access", "doc_type", "origin_country", "original_language", "catalogue_only"]
    search_fields = ["public_id", "title", "summary"]
    readonly_fields = ["created", "modified", "import_source"]
    inlines = [LocatorInline, CreditInline, DocumentAgentInline, TextLayerInline, CollectionMembershipInline]
    fieldsets = [
        (None, {"fields": ["public_id", "title", "doc_type", "summary"]}),
        ("Date", {"fields": ["date", ("date_min", "date_max"), "date_note"]}),
        ("Provenance", {"fields": ["origin_country", "original_language", "classification", "catalogue_only", "held_at", "source_url"]}),
        ("Rights and access", {"fields": ["rights", ("access", "embargo_until"), "status"]}),
        ("Record", {"fields": ["created", "modified", "import_source"], "classes": ["collapse"]}),
    ]


class ArchivalUnitInline(admin.TabularInline):
    model = ArchivalUnit
    extra = 0
    fields = ["order", "unit_type", "label", "value"]


@admin.register(Locator)
class LocatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "repository"]
    list_filter = ["repository"]
    search_fields = ["as_printed", "document__public_id"]
    autocomplete_fields = ["document"]
    inlines = [ArchivalUnitInline]


@admin.register(NameLink)
class NameLinkAdmin(admin.ModelAdmin):
    """Curators confirm or reject the matcher's suggested links; decisions survive re-imports."""

    list_display = ["surface_form", "person", "document", "confidence", "occurrences", "status", "decided_by"]
    list_filter = ["status", "language"]
    search_fields = ["surface_form", "person__display_name", "person__hangul", "document__public_id"]
    readonly_fields = ["document", "person", "surface_form", "language", "occurrences", "confidence", "decided_by", "decided_at"]
    actions = ["confirm", "reject"]

    def _decide(self, request, queryset, status):
        from django.utils import timezone

        count = queryset.update(status=status, decided_by=request.user.get_username(), decided_at=timezone.now())
        self.message_user(request, f"{count} link(s) marked {status}.")

    @admin.action(description="Confirm the selected links")
    def confirm(self, request, queryset):
        self._decide(request, queryset, NameLink.CONFIRMED)

    @admin.action(description="Reject the selected links")
    def reject(self, request, queryset):
        self._decide(request, queryset, NameLink.REJECTED)
