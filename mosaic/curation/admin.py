"""What every curated record's staff page shares: the workflow buttons and bulk actions, the
access-rule lock, edit-conflict detection, and the history (versions, diffs, restore)."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from reversion.models import Version

import reversion
from mosaic.changes.service import collecting
from mosaic.corpus import access
from mosaic.curation import history, workflow
from mosaic.curation.models import WorkflowEvent


class ConflictCheckedForm(forms.ModelForm):
    """Carries the time the record was last saved when the form was opened; saving over a newer
    save is refused, so two people editing at once never silently overwrite each other."""

    edit_token = forms.CharField(label=_("Edit token"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Also on a bound form, so that the token never counts as a change.
            self.initial["edit_token"] = self.instance.modified.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            # Locks the row on servers that can; SQLite serialises writers already.
            current = model._default_manager.select_for_update().filter(pk=self.instance.pk).values_list("modified", flat=True).first()
            opened = self.data.get(self.add_prefix("edit_token")) or ""
            if current and opened != current.isoformat():
                raise ValidationError(conflict_message(self.instance, current), code="edit_conflict")
        return cleaned


def conflict_message(instance, saved_at) -> str:
    last = Version.objects.get_for_object(instance).select_related("revision__user").first()
    when = timezone.localtime(saved_at).strftime("%Y-%m-%d %H:%M:%S")
    if last and last.revision.user:
        return gettext("Not saved: %(who)s saved this record at %(when)s, after you opened it. Your changes would have "
                       "overwritten theirs. Open the record again to see the latest version (their change is listed "
                       "under History), then make your changes again.") % {"who": last.revision.user.get_username(),
                                                                           "when": when}
    return gettext("Not saved: someone else saved this record at %(when)s, after you opened it. Your changes would have "
                   "overwritten theirs. Open the record again to see the latest version (their change is listed under "
                   "History), then make your changes again.") % {"when": when}


class CuratedAdmin(admin.ModelAdmin):
    form = ConflictCheckedForm
    change_form_template = "curation/change_form.html"
    object_history_template = "curation/history.html"
    actions = ["submit_for_review", "publish", "withdraw", "return_to_draft"]
    has_workflow = True  # models without a status field set this to False

    # --- form -------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets = [*fieldsets, (None, {"fields": ["edit_token"], "classes": ["hidden"]})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.has_workflow:
            readonly.append("status")  # the workflow buttons move it, with who and when
        readonly += history.locked_access_fields(self.model, request.user)
        return readonly

    def log_addition(self, request, obj, message):
        if reversion.is_active():
            reversion.set_comment("Created")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if reversion.is_active():
            import json

            from django.contrib.admin.models import LogEntry

            text = message if isinstance(message, str) else json.dumps(message)
            reversion.set_comment("Changed: " + (LogEntry(change_message=text).get_change_message() or "saved"))
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        messages.info(request, gettext("“%(record)s” is in the trash; a coordinator can restore it from Trash.") % {
            "record": obj})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_workflow:
            context["workflow_moves"] = [(status, workflow.ACTION_NAMES[status]) for status in workflow.allowed_moves(obj, request.user)]
            context["workflow_events"] = workflow.events_for(obj)[:10]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- views ------------------------------------------------------------------------------
    # A staff edit saves a record and its inlines one by one; the documents they touch go to the
    # change service once, when the whole form is saved, within its transaction.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with collecting("staff edit"):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":  # the confirmation page reads only
            return super().delete_view(request, object_id, extra_context)
        with collecting("staff deletion"):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":  # a list is read; bulk actions and list edits are posted
            return super().changelist_view(request, extra_context)
        with collecting("staff edit of a list"):
            return super().changelist_view(request, extra_context)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("<path:object_id>/move/<str:status>/", self.admin_site.admin_view(self.move_view), name=f"{name}_move"),
            path("<path:object_id>/history/<int:version_id>/", self.admin_site.admin_view(self.version_view), name=f"{name}_version"),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, status):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or request.method != "POST":
            raise Http404
        try:
            workflow.move(obj, status, request.user, note=request.POST.get("note", "").strip())
            messages.success(request, gettext("%(record)s: %(action)s done.") % {
                "record": obj, "action": str(workflow.ACTION_NAMES[status]).lower()})
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def _may_read_history(self, request, obj) -> bool:
        # Past states hold every part as it was, restricted layers and files included, so only
        # someone who sees every record reads them (a translator sees a document, not its past).
        return access.sees_all_records(request.user) and self.has_view_or_change_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self._may_read_history(request, obj):
            raise PermissionDenied
        versions = list(history.versions_of(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "object": obj, "title": gettext("History: %(record)s") % {"record": obj},
            "versions": versions,
            "events": workflow.events_for(obj) if self.has_workflow else [],
        }
        return TemplateResponse(request, self.object_history_template, context)

    def version_view(self, request, object_id, version_id):
        """One version: what it changed, what restoring it would change, and the restore button."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self._may_read_history(request, obj):
            raise Http404
        version = get_object_or_404(history.versions_of(obj), pk=version_id)
        opts = self.model._meta
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            try:
                restored = history.restore(version, user=request.user)
            except history.RestoreFailed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, gettext("Restored the version of %(when)s (UTC).") % {
                    "when": f"{version.revision.date_created:%Y-%m-%d %H:%M}"})
                for kept in restored.kept:
                    messages.warning(request, gettext("Not restored: %(what)s") % {"what": kept})
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
        plan = history.plan_restore(version, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": opts, "object": obj, "version": version, "title": gettext("Version of %(when)s: %(record)s") % {
                "when": f"{version.revision.date_created:%Y-%m-%d %H:%M}", "record": obj},
            "changes": history.diff_with_previous(version),
            "restore_changes": plan.changes,
            "kept": plan.kept,
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "curation/version.html", context)

    # --- bulk actions -----------------------------------------------------------------------

    def _move_all(self, request, queryset, status):
        done, refused = 0, []
        for obj in queryset:
            try:
                workflow.move(obj, status, request.user)
                done += 1
            except workflow.WorkflowError as error:
                refused.append(str(error))
        if done:
            messages.success(request, gettext("%(action)s: %(count)d record(s).") % {
                "action": workflow.ACTION_NAMES[status], "count": done})
        for reason in refused[:10]:
            messages.warning(request, reason)
        if len(refused) > 10:
            messages.warning(request, gettext("… and %(count)d more refused for the same kinds of reason.") % {
                "count": len(refused) - 10})

    @admin.action(description=_("Submit the selected records for review"))
    def submit_for_review(self, request, queryset):
        self._move_all(request, queryset, "in_review")

    @admin.action(description=_("Publish the selected records (coordinators)"))
    def publish(self, request, queryset):
        self._move_all(request, queryset, "published")

    @admin.action(description=_("Withdraw the selected records (coordinators)"))
    def withdraw(self, request, queryset):
        self._move_all(request, queryset, "withdrawn")

    @admin.action(description=_("Return the selected records to draft"))
    def return_to_draft(self, request, queryset):
        self._move_all(request, queryset, "draft")


def number_documents_by_date(related_name: str):
    """A bulk action that renumbers each selected list's documents in date order (undated last),
    a starting point a curator then adjusts by hand in the order column."""

    @admin.action(description=_("Number the documents of the selected lists in date order"))
    def action(modeladmin, request, queryset):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Documents numbered in date order")
            for owner in queryset:
                links = sorted(getattr(owner, related_name).select_related("document"),
                               key=lambda link: (link.document.date_min is None, link.document.date_min, link.document.public_id))
                for order, link in enumerate(links, start=1):
                    if link.order != order:
                        link.order = order
                        link.save(update_fields=["order"])
                owner.save(update_fields=["modified"])  # the list changed: its record is a new version
        modeladmin.message_user(request, ngettext("Renumbered %(count)d list in date order.",
                                                  "Renumbered %(count)d lists in date order.", len(queryset)) % {
            "count": len(queryset)})

    action.__name__ = "number_documents_by_date"
    return action


class AccessLockedInline:
    """An inline whose access fields only a coordinator may change."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *history.locked_access_fields(self.model, request.user)]


class RecordOnlyAdmin(admin.ModelAdmin):
    """For records that are written by Mosaic itself and must stay as written: staff may list and
    read them, never add, edit or delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(RecordOnlyAdmin):
    list_display = ["at", "object_repr", "content_type", "from_status", "to_status", "user", "note"]
    list_filter = ["to_status", "content_type"]
    search_fields = ["object_repr", "note", "user__username"]
