"""Curators' list of annotations: the ones submitted for publication first in mind (filter by
state), published or declined in bulk, with each one's history and the trash for deleted ones."""
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy as _, ngettext, pgettext_lazy

from mosaic.annotations import writing
from mosaic.annotations.models import Annotation
from mosaic.curation.admin import CuratedAdmin


@admin.register(Annotation)
class AnnotationAdmin(CuratedAdmin):
    has_workflow = False  # its own states, moved by the actions below and the document page's buttons
    actions = ["publish_annotations", "decline_annotations"]
    list_display = ["created", "document_link", "where", "motivation", "short_body", "creator", "state"]
    list_filter = ["state", "motivation", "layer_kind"]
    search_fields = ["body", "exact", "document__public_id", "document__title", "creator__username"]
    list_select_related = ["document", "creator"]
    date_hierarchy = "created"
    # What the reader wrote is theirs: curators may mend its words, not move it elsewhere.
    readonly_fields = ["annotation_id", "document_link", "creator", "layer_kind", "layer_language", "start", "end", "exact",
                       "prefix", "suffix", "stored_file", "page", "x", "y", "w", "h", "state", "published_by",
                       "published_at", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["annotation_id", "document_link", "creator", "state", "published_by", "published_at"]}),
        (pgettext_lazy("what an annotation says", "Note"), {"fields": ["motivation", "body", "body_format", "body_language"]}),
        (_("Passage of a text"), {"fields": ["layer_kind", "layer_language", "exact", "prefix", "suffix", "start", "end"]}),
        (_("Region of a page image"), {"fields": ["stored_file", "page", "x", "y", "w", "h"]}),
        (None, {"fields": ["created", "modified"]}),
    ]

    def has_add_permission(self, request):
        return False  # annotations are made on the document page or through the protocol

    @admin.display(description=_("document"), ordering="document__public_id")
    def document_link(self, annotation):
        url = reverse("pages:document", args=[annotation.document.public_id])
        return format_html('<a href="{}#annotation-{}">{}</a>', url, annotation.annotation_id, annotation.document.public_id)

    @admin.display(description=pgettext_lazy("where an annotation is", "on"))
    def where(self, annotation):
        if annotation.on_text:
            return format_html("{} ({}): “{}”", annotation.get_layer_kind_display(), annotation.layer_language,
                               Truncator(annotation.exact).chars(50))
        return gettext("page %(page)s, %(region)s") % {"page": annotation.page, "region": annotation.region_fragment}

    @admin.display(description=_("note"))
    def short_body(self, annotation):
        return Truncator(" ".join(annotation.body.split())).chars(80)

    def save_model(self, request, annotation, form, change):
        writing.staff_edit(annotation, request.user)

    def delete_model(self, request, annotation):
        writing.delete(annotation, request.user)
        messages.info(request, gettext("“%(record)s” is in the trash; a coordinator can restore it from Trash.") % {
            "record": annotation})

    def delete_queryset(self, request, queryset):
        for annotation in queryset:
            writing.delete(annotation, request.user)

    def _move_all(self, request, queryset, state):
        done, refused = 0, 0
        for annotation in queryset:
            try:
                writing.move(annotation, request.user, state)
                done += 1
            except writing.Refused:
                refused += 1
        if done:
            if state == Annotation.PUBLISHED:
                text = ngettext("%(count)d annotation now published.", "%(count)d annotations now published.", done)
            else:
                text = ngettext("%(count)d annotation now not published.", "%(count)d annotations now not published.", done)
            self.message_user(request, text % {"count": done})
        if refused:
            self.message_user(request, gettext("%(count)d left as they were: only submitted annotations (and your own) are "
                                               "published, only submitted or published ones declined.") % {"count": refused},
                              messages.WARNING)

    @admin.action(description=_("Publish the selected annotations"), permissions=["change"])
    def publish_annotations(self, request, queryset):
        self._move_all(request, queryset, Annotation.PUBLISHED)

    @admin.action(description=_("Decline the selected annotations (not published)"), permissions=["change"])
    def decline_annotations(self, request, queryset):
        self._move_all(request, queryset, Annotation.REJECTED)
