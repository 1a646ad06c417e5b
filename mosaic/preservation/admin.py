from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.curation.admin import AccessLockedInline, CuratedAdmin, RecordOnlyAdmin
from mosaic.lib.file_types import EXTENSIONS, accepted_list
from mosaic.preservation.models import (Accession, AccessionFile, ArchivalFile, DocumentFile, FoliationNote,
                                        StoredFile)
from mosaic.preservation.store import RejectedFile, store_stream


class AttachedFileForm(forms.ModelForm):
    """Attach a file by uploading it (checked, then stored under its SHA-256) or by choosing one
    already stored."""

    upload = forms.FileField(label=_("Upload"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stored_file"].required = False
        self.fields["upload"].help_text = gettext("%(types)s; checked against its content, stored once.") % {
            "types": accepted_list()}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                # Stored now so a refusal can be shown on the form; the bytes are content-addressed,
                # so a form that fails later leaves a catalogued file, never a stray one.
                cleaned["stored_file"] = self.instance.stored_file = store_stream(upload, name=upload.name)
            except RejectedFile as error:
                self.add_error("upload", error.wording.worded(gettext))
        elif not cleaned.get("stored_file") and not cleaned.get("DELETE"):
            self.add_error("upload", gettext("Upload a file (or choose one already stored)."))
        return cleaned


class AttachedFileInline(AccessLockedInline, admin.TabularInline):
    form = AttachedFileForm
    extra = 0
    raw_id_fields = ["stored_file"]
    readonly_fields = ["fixity"]

    @admin.display(description=_("Stored as"))
    def fixity(self, obj):
        if not obj or not obj.stored_file_id:
            return "—"
        stored = obj.stored_file
        return gettext("%(type)s, %(pages)d p., %(size)s bytes, SHA-256 %(digest)s…") % {
            "type": stored.get_media_type_display(), "pages": stored.page_count, "size": f"{stored.size:,}",
            "digest": stored.sha256[:16]}


class DocumentFileInline(AttachedFileInline):
    model = DocumentFile
    fields = ["order", "upload", "stored_file", "fixity", "label", "access", "embargo_until"]


class AccessionFileInline(AttachedFileInline):
    model = AccessionFile
    fields = ["order", "upload", "stored_file", "fixity", "label", "folios", "access", "embargo_until"]


@admin.register(StoredFile)
class StoredFileAdmin(RecordOnlyAdmin):
    """Stored bytes are immutable: they are added by attaching them and checked by the audit."""

    list_display = ["original_name", "media_type", "page_count", "size", "sha256", "stored_at"]
    list_filter = ["media_type"]
    search_fields = ["original_name", "sha256"]


class FoliationNoteInline(admin.StackedInline):
    model = FoliationNote
    extra = 0
    fields = [("kind", "folios", "happened"), "moved_to", "description", "source", "recorded_by"]
    readonly_fields = ["recorded_by"]


def foliation_link(archival_file: ArchivalFile):
    query = urlencode({"repository": archival_file.repository.code, "units": archival_file.units})
    return format_html('<a href="{}?{}">{}</a>', reverse("preservation:foliation_file"), query,
                       gettext("Foliation of %(reference)s") % {"reference": archival_file})


@admin.register(ArchivalFile)
class ArchivalFileAdmin(CuratedAdmin):
    has_workflow = False
    list_display = ["__str__", "units", "title", "total_folios", "foliation"]
    list_filter = ["repository"]
    search_fields = ["units", "title"]
    inlines = [FoliationNoteInline]

    @admin.display(description=_("Foliation"))
    def foliation(self, obj):
        return foliation_link(obj)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.recorded_by = note.recorded_by or request.user.get_username()
            note.save()
        for gone in formset.deleted_objects:
            gone.delete()


@admin.register(Accession)
class AccessionAdmin(CuratedAdmin):
    has_workflow = False
    list_display = ["accession_id", "archival_file", "received", "medium", "copy_generation", "folios", "obtained_by"]
    list_filter = ["medium", "copy_generation", "archival_file__repository"]
    search_fields = ["accession_id", "obtained_by", "note", "archival_file__units"]
    autocomplete_fields = ["archival_file"]
    inlines = [AccessionFileInline]
