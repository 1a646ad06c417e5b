from django.contrib import admin
from django.utils.translation import gettext_lazy as _, ngettext

from mosaic.common.bilingual import korean_field
from mosaic.context.models import EmbassyCondition, Event, EventMention, RelationsPeriod
from mosaic.curation.admin import CuratedAdmin


class ContextRowAdmin(CuratedAdmin):
    """Context rows are claims with sources: curators edit them, with history and conflict checks."""

    has_workflow = False
    actions = ["mark_verified"]
    list_filter = ["confidence", "needs_verification"]
    readonly_fields = ["date_min", "date_max"]
    curated_text = ""  # the row's text a reader sees, edited in English and Korean side by side

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        korean = korean_field(self.curated_text)
        rest = [name for name in fields if name != korean]
        return [(name, korean) if name == self.curated_text else name for name in rest]

    @admin.action(description=_("Mark the selected rows as checked against their sources"))
    def mark_verified(self, request, queryset):
        from django.utils import timezone

        rows = list(queryset)
        for row in rows:
            row.needs_verification, row.verified_by, row.verified_on = False, request.user.get_username(), timezone.localdate()
            row.save()
        self.message_user(request, ngettext("%(count)d row marked as verified by %(user)s.", "%(count)d rows marked as verified by %(user)s.",
                                            len(rows)) % {"count": len(rows), "user": request.user.get_username()})


@admin.register(RelationsPeriod)
class RelationsPeriodAdmin(ContextRowAdmin):
    list_display = ["row_id", "country", "status", "start", "end", "confidence", "needs_verification"]
    list_filter = ["country", "status", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "summary", "summary_ko", "sources"]
    curated_text = "summary"


@admin.register(EmbassyCondition)
class EmbassyConditionAdmin(ContextRowAdmin):
    list_display = ["row_id", "applies_to", "condition_type", "start", "end", "confidence", "needs_verification"]
    list_filter = ["condition_type", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "description", "description_ko", "sources"]
    curated_text = "description"


@admin.register(Event)
class EventAdmin(ContextRowAdmin):
    list_display = ["row_id", "start", "end", "category", "title", "confidence", "needs_verification"]
    list_filter = ["category", *ContextRowAdmin.list_filter]
    search_fields = ["row_id", "title", "title_ko", "actors", "sources"]
    curated_text = "title"


@admin.register(EventMention)
class EventMentionAdmin(admin.ModelAdmin):
    list_display = ["event", "document", "status", "found_by", "decided_by"]
    list_filter = ["status", "event"]
    autocomplete_fields = ["document"]
