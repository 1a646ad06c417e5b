from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy

from mosaic.reports.models import ProblemReport


def _marked(status: str, count: int) -> str:
    """What the queue says after an action: one whole sentence per status, for translators."""
    if status == ProblemReport.IN_PROGRESS:
        text = ngettext("%(count)d report marked in progress.", "%(count)d reports marked in progress.", count)
    elif status == ProblemReport.RESOLVED:
        text = ngettext("%(count)d report marked resolved.", "%(count)d reports marked resolved.", count)
    else:
        text = ngettext("%(count)d report marked dismissed.", "%(count)d reports marked dismissed.", count)
    return text % {"count": count}


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The curators' queue of reader reports, newest first."""

    list_display = ["created", "document_link", "kind", "status", "short_message", "handled_by"]
    list_filter = ["status", "kind"]
    search_fields = ["message", "document__public_id", "document__title", "contact_email", "curator_note"]
    list_select_related = ["document", "handled_by"]
    date_hierarchy = "created"
    actions = ["mark_in_progress", "mark_resolved", "dismiss"]
    # What the reader sent and who sent it is evidence: staff may classify and answer, not rewrite it.
    readonly_fields = ["document_link", "message", "contact_email", "user", "client_hash", "created", "modified",
                       "handled_by", "handled_at"]
    fieldsets = [
        (pgettext_lazy("problem report", "Report"), {"fields": ["document_link", "kind", "message", "created"]}),
        (_("Reporter"), {"fields": ["contact_email", "user", "client_hash"]}),
        (_("Handling"), {"fields": ["status", "curator_note", "handled_by", "handled_at", "modified"]}),
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers, through the form on each document page

    @admin.display(description=_("document"), ordering="document__public_id")
    def document_link(self, report):
        return format_html('<a href="{}">{}</a> <span class="help">{}</span>',
                           reverse("pages:document", args=[report.document.public_id]), report.document.public_id,
                           Truncator(report.document.title).chars(60))

    @admin.display(description=_("description"))
    def short_message(self, report):
        return Truncator(" ".join(report.message.split())).chars(80)

    def save_model(self, request, report, form, change):
        if "status" in form.changed_data:
            report.handled_by, report.handled_at = request.user, timezone.now()
        super().save_model(request, report, form, change)

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status, handled_by=request.user, handled_at=timezone.now(), modified=timezone.now())
        self.message_user(request, _marked(status, count))

    @admin.action(description=_("Mark selected reports in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, ProblemReport.IN_PROGRESS)

    @admin.action(description=_("Mark selected reports resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        self._set_status(request, queryset, ProblemReport.RESOLVED)

    @admin.action(description=_("Dismiss selected reports"), permissions=["change"])
    def dismiss(self, request, queryset):
        self._set_status(request, queryset, ProblemReport.DISMISSED)
