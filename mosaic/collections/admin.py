from django.contrib import admin

from mosaic.collections.models import Collection, CollectionMembership


class MembershipInline(admin.TabularInline):
    model = CollectionMembership
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["order", "document", "note"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "parent", "order", "status"]
    list_filter = ["status", "parent"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]
