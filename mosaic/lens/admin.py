from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _, ngettext

from mosaic.curation.admin import CuratedAdmin
from mosaic.lens.models import FlagDispute, LayerMarkerStats, MarkerFlag


def _document_link(document):
    return format_html('<a href="{}">{}</a> <span class="help">{}</span>', reverse("pages:document", args=[document.public_id]),
                       document.public_id, Truncator(document.title).chars(60))


@admin.register(FlagDispute)
class FlagDisputeAdmin(CuratedAdmin):
    """The curators' queue of readers' disputes of language markers, newest first. Accepted
    disputes are evidence against a rule for the next lexicon version and annotation round."""

    has_workflow = False
    list_display = ["created", "document_link", "flag", "category", "voice", "status", "short_reason", "handled_by"]
    list_filter = ["status", "category", "voice", "rule_id", "lexicon_version"]
    search_fields = ["reason", "text", "rule_id", "document__public_id", "document__title", "curator_note", "contact_email"]
    list_select_related = ["document", "handled_by"]
    date_hierarchy = "created"
    actions = ["accept", "reject", "reopen"]
    # What was flagged and what the reader wrote is evidence: staff decide and note, they do not rewrite it.
    readonly_fields = ["document_link", "layer", "layer_description", "flag", "start", "end", "category", "rule_id",
                       "rule_version", "lexicon_version", "voice", "speaker", "reason", "contact_email", "user",
                       "client_hash", "created", "modified", "handled_by", "handled_at"]
    fieldsets = [
        (_("Flag disputed"), {"fields": ["document_link", "layer", "layer_description", "flag", "start", "end", "category",
                                      "rule_id", "rule_version", "lexicon_version", "voice", "speaker"]}),
        (_("Reader"), {"fields": ["reason", "contact_email", "user", "client_hash", "created"]}),
        (_("Decision"), {"fields": ["status", "curator_note", "handled_by", "handled_at", "modified"]}),
    ]

    def has_add_permission(self, request):
        return False  # disputes come from readers, through the form under each marker

    @admin.display(description=_("document"), ordering="document__public_id")
    def document_link(self, dispute):
        return _document_link(dispute.document)

    @admin.display(description=_("flag"))
    def flag(self, dispute):
        return format_html("“{}” · {} v{}", dispute.text, dispute.rule_id, dispute.rule_version)

    @admin.display(description=_("reason"))
    def short_reason(self, dispute):
        return Truncator(" ".join(dispute.reason.split())).chars(80)

    def save_model(self, request, dispute, form, change):
        if "status" in form.changed_data:
            dispute.handled_by, dispute.handled_at = request.user, timezone.now()
        super().save_model(request, dispute, form, change)

    def _decide(self, request, queryset, status):
        count = 0
        # One save per dispute (not a bulk update), so each decision is a version in its history.
        for dispute in queryset:
            dispute.status, dispute.handled_by, dispute.handled_at = status, request.user, timezone.now()
            dispute.save(update_fields=["status", "handled_by", "handled_at", "modified"])
            count += 1
        messages = {
            FlagDispute.ACCEPTED: ngettext("%(count)d dispute marked accepted.", "%(count)d disputes marked accepted.", count),
            FlagDispute.REJECTED: ngettext("%(count)d dispute marked rejected.", "%(count)d disputes marked rejected.", count),
            FlagDispute.OPEN: ngettext("%(count)d dispute marked open.", "%(count)d disputes marked open.", count),
        }
        self.message_user(request, messages[status] % {"count": count})

    @admin.action(description=_("Accept the selected disputes (the flag is wrong)"), permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, FlagDispute.ACCEPTED)

    @admin.action(description=_("Reject the selected disputes (the flag stands)"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, FlagDispute.REJECTED)

    @admin.action(description=_("Reopen the selected disputes"), permissions=["change"])
    def reopen(self, request, queryset):
        self._decide(request, queryset, FlagDispute.OPEN)


class ComputedReadOnlyAdmin(admin.ModelAdmin):
    """Computed from the texts and the lexicon: staff may look, never edit (the next refresh
    would overwrite any edit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # No deleting them by hand (there is no bulk action), but a document or text layer
        # being deleted takes its computed rows along: they must not block the deletion.
        return obj is not None and request.user.has_perm("corpus.delete_textlayer")

    def delete_view(self, request, object_id, extra_context=None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Computed rows are removed with their text layer, not one by one."))


@admin.register(MarkerFlag)
class MarkerFlagAdmin(ComputedReadOnlyAdmin):
    list_display = ["text", "category", "rule_id", "rule_version", "voice", "speaker", "experimental", "document_link", "layer"]
    list_filter = ["category", "voice", "experimental", "rule_id", "lexicon_version"]
    search_fields = ["text", "speaker", "rule_id", "layer__document__public_id"]
    list_select_related = ["layer__document"]

    @admin.display(description=_("document"), ordering="layer__document__public_id")
    def document_link(self, flag):
        return _document_link(flag.layer.document)


@admin.register(LayerMarkerStats)
class LayerMarkerStatsAdmin(ComputedReadOnlyAdmin):
    list_display = ["layer", "document_link", "lexicon_version", "word_count", "computed_at"]
    list_filter = ["lexicon_version", "layer__language"]
    search_fields = ["layer__document__public_id"]
    list_select_related = ["layer__document"]

    @admin.display(description=_("document"), ordering="layer__document__public_id")
    def document_link(self, stats):
        return _document_link(stats.layer.document)
