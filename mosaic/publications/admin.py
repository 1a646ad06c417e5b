from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.common.bilingual import side_by_side
from mosaic.corpus.models import Document
from mosaic.curation.admin import CuratedAdmin, number_documents_by_date
from mosaic.lib import footnotes as note_markers
from mosaic.lib.rich_text import sanitize_html
from mosaic.publications.models import Footnote, Publication, PublicationAuthor, PublicationDocument


class AuthorInline(admin.TabularInline):
    model = PublicationAuthor
    extra = 0
    autocomplete_fields = ["agent"]


class DocumentListInline(admin.TabularInline):
    model = PublicationDocument
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["order", "heading", "document"]
    verbose_name = _("document")
    verbose_name_plural = _("documents")


class FootnoteForm(forms.ModelForm):
    """A note with the document it cites typed as its public id, the way curators know documents
    (the id on every document page and in every citation)."""

    cited_id = forms.CharField(
        label=_("Cites document (id)"), required=False, max_length=120,
        help_text=_("The document's identifier as on its page, e.g. wcda-120170. A document that is not "
                    "public yet is cited, but readers see only “a document not yet published in the archive”."))

    class Meta:
        model = Footnote
        fields = ["marker", "text", "cited_id", "pinpoint"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.document_id:
            self.initial["cited_id"] = self.instance.document.public_id

    def clean_marker(self):
        return note_markers.normalise_label(self.cleaned_data.get("marker", ""))

    def clean_cited_id(self):
        public_id = self.cleaned_data.get("cited_id", "").strip()
        if not public_id:
            self.instance.document = None
            return ""
        document = Document.objects.filter(public_id=public_id).first()
        if document is None:
            raise ValidationError(gettext("No document has the id “%(id)s”. Copy the identifier from the document's page "
                                          "(under Identifier), e.g. wcda-120170.") % {"id": public_id})
        self.instance.document = document
        return public_id


class FootnoteFormSet(BaseInlineFormSet):
    """Checks the notes against the body being saved with them: every [^label] in the body has
    its note, and every note is referred to."""

    def clean(self):
        if not any(self.errors):
            labels = [form.cleaned_data["marker"] for form in self.forms
                      if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("marker")]
            # Before the formset's own uniqueness check, whose message names no label.
            problems = note_markers.check_notes(sanitize_html(self.instance.body), labels)
            if self.instance.body_ko.strip():  # the Korean body refers to the same notes
                problems += [gettext("Korean body: %(problem)s") % {"problem": problem}
                             for problem in note_markers.check_notes(sanitize_html(self.instance.body_ko), labels)]
            if problems:
                raise ValidationError(problems)
        super().clean()


class FootnoteInline(admin.StackedInline):
    model = Footnote
    form = FootnoteForm
    formset = FootnoteFormSet
    extra = 0
    verbose_name_plural = _("footnotes (referred to from the body as [^label]; numbered in the order they are referred to)")


@admin.register(Publication)
class PublicationAdmin(CuratedAdmin):
    list_display = ["title", "kind", "date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "body", "title_ko", "body_ko"]
    fields = ["slug", "kind", *side_by_side("title"), "series_number", "date", *side_by_side("body"), "status"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorInline, FootnoteInline, DocumentListInline]
    actions = [*CuratedAdmin.actions, number_documents_by_date("document_links")]
