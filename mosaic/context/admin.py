from django.contrib import admin

from mosaic.context.models import EmbassyCondition, Event, EventMention, RelationsPeriod
from mosaic.curation.admin import CuratedAdmin


class ContextRowAdmin(CuratedAdmin):
    """Context rows are claims with sources: curators edit them, with history and conflict checks."""

    has_workflow = False
    actions = ["mark_verified"]
    list_filter = ["confidence", "needs_verification"]
    readonly_fields = ["date_min", "date_max"]

    @admin.action(description="Mark the selected rows as checked against their sources")
    def mark_verified(self, request, queryset):
        from django.utils import timezone

        rows = list(queryset)
        for row in rows:
            row.needs_verification, row.verified_by, row.verified_on = False, request.user.get_username(), timezone.localdate()
            row.save()
        self.message_user(request, f"{len(rows)} row(s) marked as verified by {request.user.get_username()}.")


@admin.register(RelationsPeriod)
class RelationsPeriodAdmin(ContextRowAdmin):
    list_display = ["row_id", "country", "status", "start", "end", "confidence", "needs_verification"]
    list_filter = ["country", "status", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "summary", "sources"]


@admin.register(EmbassyCondition)
class EmbassyConditionAdmin(ContextRowAdmin):
    list_display = ["row_id", "applies_to", "condition_type", "start", "end", "confidence", "needs_verification"]
    list_filter = ["condition_type", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "description", "sources"]


@admin.register(Event)
class EventAdmin(ContextRowAdmin):
    list_display = ["row_id", "start", "end", "category", "title", "confidence", "needs_verification"]
    list_filter = ["category", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "title", "actors", "sources"]


@admin.register(EventMention)
class EventMentionAdmin(admin.ModelAdmin):
    list_display = ["event", "document", "status", "found_by", "decided_by"]
    list_filter = ["status", "event"]
    autocomplete_fields = ["document"]
