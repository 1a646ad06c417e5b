from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mosaic.corpus import access
from mosaic.translations import workflow
from mosaic.translations.models import TranslationRequest, TranslationTask


@admin.register(TranslationTask)
class TranslationTaskAdmin(admin.ModelAdmin):
    list_display = ["document", "target_language", "status", "assignee", "draft_saved_at", "submitted_at", "reviewed_by", "workspace"]
    list_filter = ["status", "target_language", "assignee", "document__origin_country"]
    search_fields = ["document__public_id", "document__title", "assignee__username", "assignee__last_name"]
    autocomplete_fields = ["document"]
    raw_id_fields = ["result_layer"]
    fields = ["document", "target_language", "status", "assignee", "draft", "revision", "draft_saved_at", "draft_saved_by",
              "submitted_at", "reviewed_by", "reviewed_at", "review_note", "result_layer", "workspace"]
    # The status, the draft and the review record change only through the workflow (workspace
    # and review), so that nothing is published without approval and no draft is overwritten.
    workflow_fields = ["status", "draft", "revision", "draft_saved_at", "draft_saved_by", "submitted_at", "reviewed_by",
                       "reviewed_at", "review_note", "result_layer", "workspace"]
    list_select_related = ["document", "assignee", "reviewed_by"]

    def get_queryset(self, request):
        tasks = super().get_queryset(request)
        if workflow.can_assign(request.user) or workflow.can_approve(request.user):
            return tasks
        # A translator sees their own tasks, as in the backlog, and of finished ones only those
        # whose documents the access policy still shows them.
        return tasks.filter(assignee=request.user, document__in=access.visible_documents(request.user))

    def get_readonly_fields(self, request, obj=None):
        if not workflow.can_assign(request.user):
            return self.fields
        return self.workflow_fields + (["document", "target_language"] if obj else [])

    def has_add_permission(self, request):
        return workflow.can_assign(request.user)

    @admin.display(description=_("workspace"))
    def workspace(self, task):
        if not task.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("translations:workspace", args=[task.pk]), _("Open the workspace"))


@admin.register(TranslationRequest)
class TranslationRequestAdmin(admin.ModelAdmin):
    list_display = ["document", "target_language", "user", "created"]
    list_filter = ["target_language", "created", "document__origin_country"]
    search_fields = ["document__public_id", "document__title"]
    autocomplete_fields = ["document"]
    raw_id_fields = ["user"]
    readonly_fields = ["address_hash", "created"]
    list_select_related = ["document", "user"]
