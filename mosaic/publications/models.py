from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.corpus.models import Document
from mosaic.entities.models import Agent
from mosaic.lib.vocabularies import PUBLICATION_STATUSES

PUBLICATION_KINDS = {
    "working_paper": _("Working paper"),
    "document_reader": _("Document reader"),
    "e_dossier": _("e-Dossier"),
    "news_release": _("News release"),
    "essay": _("Essay"),
    "briefing_book": _("Briefing book"),
}


class Publication(TimeStampedModel):
    """Editorial work built on the archive; like NKIDP working papers, it appends its documents."""

    slug = models.SlugField(_("short name in web addresses"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=list(PUBLICATION_KINDS.items()))
    title = models.CharField(_("title"), max_length=500)
    title_ko = models.CharField(_("title (Korean)"), max_length=500, blank=True)
    series_number = models.CharField(_("series number"), max_length=40, blank=True,
                                     help_text=_('e.g. "5" for Working Paper #5.'))
    date = models.DateField(_("date"), null=True, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_(
        "Rich text (paragraphs, emphasis, links, headings). Refer to a note by writing [^label] where the "
        "reference belongs, e.g. [^1] or [^kim-speech], and add a note with that label below. Readers see "
        "the notes numbered in the order their markers first appear; a note may be referred to more than once."))
    body_ko = models.TextField(_("body (Korean)"), blank=True, help_text=_(
        "The body in Korean, rich text like the English one, referring to the same notes by the same [^label] "
        "markers. Left empty, Korean readers see the English body."))
    status = models.CharField(_("status"), max_length=20, choices=translated_choices(PUBLICATION_STATUSES),
                              default="draft")
    authors = models.ManyToManyField(Agent, verbose_name=_("authors"), through="PublicationAuthor",
                                     related_name="publications")
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), through="PublicationDocument",
                                       related_name="publications")

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title


class PublicationAuthor(models.Model):
    publication = models.ForeignKey(Publication, verbose_name=_("publication"), on_delete=models.CASCADE,
                                    related_name="author_links")
    agent = models.ForeignKey(Agent, verbose_name=_("author"), on_delete=models.PROTECT)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["publication", "order"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return str(self.agent)


class PublicationDocument(models.Model):
    publication = models.ForeignKey(Publication, verbose_name=_("publication"), on_delete=models.CASCADE,
                                    related_name="document_links")
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="publication_links")
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(pgettext_lazy("a document in a publication's list", "heading"), max_length=255, blank=True,
                               help_text=_('e.g. "Document No. 3"'))

    class Meta:
        ordering = ["publication", "order"]
        constraints = [models.UniqueConstraint(fields=["publication", "document"], name="unique_publication_document")]
        verbose_name = _("document of a publication")
        verbose_name_plural = _("documents of publications")

    def __str__(self):
        return f"{self.heading}: {self.document.public_id}" if self.heading else self.document.public_id


class Footnote(models.Model):
    """A note of a publication, referred to from its body by `[^marker]`. It may cite one archive
    document, at a pinpoint within it; readers see the archive's citation of that document."""

    publication = models.ForeignKey(Publication, verbose_name=_("publication"), on_delete=models.CASCADE,
                                    related_name="footnotes")
    marker = models.CharField(pgettext_lazy("a footnote's label", "marker"), max_length=30,
                              help_text=_('The label used in the body: "1" for [^1], "kim-speech" for [^kim-speech].'))
    text = models.TextField(_("text"), blank=True,
                            help_text=_("The note's own words (rich text); may be empty when the note only cites a document."))
    document = models.ForeignKey(Document, verbose_name=_("cited document"), on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="footnote_citations")
    pinpoint = models.CharField(_("pinpoint"), max_length=100, blank=True,
                                help_text=_('Where in the document, e.g. "p. 3", "l. 12", "ll. 44–45".'))

    class Meta:
        ordering = ["publication", "id"]
        constraints = [models.UniqueConstraint(fields=["publication", "marker"], name="unique_footnote_marker")]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")

    def __str__(self):
        cited = f" citing {self.document.public_id}" if self.document_id else ""
        return f"[^{self.marker}]{cited}"

    def clean(self):
        from mosaic.lib.footnotes import is_label

        errors = {}
        if not is_label(self.marker or ""):
            errors["marker"] = gettext("Use letters, digits, - or _ (at most 30, no spaces), e.g. 1 or kim-speech.")
        if not (self.text or "").strip() and not self.document_id:
            errors["text"] = gettext("A note needs its text, a cited document, or both.")
        if self.pinpoint.strip() and not self.document_id:
            errors["pinpoint"] = gettext("A pinpoint says where in the cited document; this note cites none.")
        if errors:
            raise ValidationError(errors)
