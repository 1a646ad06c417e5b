"""What Mosaic keeps to prove its holdings intact: stored files (content-addressed), their
attachment to documents and accessions, accessions with the folios they cover, known losses and
reclassifications of archival files, text-layer checksums, OCR pages and the audit log."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from mosaic.archives.models import Repository
from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.corpus.models import AccessControlled, Document
from mosaic.lib.file_types import ACCEPTED_TYPES
from mosaic.lib.foliation import FolioError, format_folios, parse_folios
from mosaic.lib.source_lines import UnitListError, format_unit_list, parse_unit_list


class StoredFile(models.Model):
    """One file's bytes, stored once under its SHA-256 however many records attach it."""

    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size"), help_text=_("Bytes."))
    media_type = models.CharField(_("file type"), max_length=40, choices=translated_choices(ACCEPTED_TYPES))
    original_name = models.CharField(_("original file name"), max_length=255,
                                     help_text=_("The name the file arrived with."))
    page_count = models.PositiveIntegerField(_("number of pages"), default=1)
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        ordering = ["original_name", "sha256"]
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]}…)"


class DocumentFile(AccessControlled):
    """A scan or PDF of a document. Its access level is its own: an archive may let us describe
    and translate a document but forbid publishing the images of its original."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files")
    stored_file = models.ForeignKey(StoredFile, verbose_name=_("stored file"), on_delete=models.PROTECT,
                                    related_name="document_links")
    label = models.CharField(_("label"), max_length=255, blank=True, help_text=_('e.g. "Original, ll. 44–45".'))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self):
        return self.label or self.stored_file.original_name


def short_reference(units: str) -> str:
    """“fond 5446; opis 98; delo 721” -> “5446/98/721”, the way researchers cite a file."""
    try:
        return "/".join(value for _unit_type, value in parse_unit_list(units))
    except UnitListError:
        return units


class ArchivalFile(TimeStampedModel):
    """One file of a holding archive (GARF f. 5446, op. 98, d. 721): the unit whose leaves are
    counted. Documents belong to it through their locators' units."""

    repository = models.ForeignKey(Repository, verbose_name=_("archive"), on_delete=models.PROTECT,
                                   related_name="archival_files")
    units = models.CharField(_("archival units"), max_length=255,
                             help_text=_('Units from the top, e.g. "fond 5446; opis 98; delo 721".'))
    title = models.CharField(_("title"), max_length=500, blank=True)
    total_folios = models.PositiveIntegerField(_("total folios"), null=True, blank=True,
                                               help_text=_("Leaves in the file, where the archive states it."))

    class Meta:
        ordering = ["repository__code", "units"]
        constraints = [models.UniqueConstraint(fields=["repository", "units"], name="one_archival_file_per_units")]
        verbose_name = _("archival file")
        verbose_name_plural = _("archival files")

    def __str__(self):
        return f"{self.repository.code} {self.reference}"

    @property
    def reference(self) -> str:
        return short_reference(self.units)

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.units = format_unit_list(parse_unit_list(self.units))
        except UnitListError as error:
            raise ValidationError({"units": error.wording.worded(gettext)}) from None


class FolioField(models.CharField):
    """Folio ranges as text, normalised on clean (“44-45,153-164” -> “44–45, 153–164”)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def pre_save(self, instance, add):
        value = super().pre_save(instance, add)
        try:
            value = format_folios(parse_folios(value))
        except FolioError:
            return value  # left as written; clean() refuses it in forms
        setattr(instance, self.attname, value)
        return value

    def clean(self, value, instance):
        from django.core.exceptions import ValidationError

        value = super().clean(value, instance)
        try:
            return format_folios(parse_folios(value))
        except FolioError as error:
            raise ValidationError(error.wording.worded(gettext)) from None


MEDIA = [
    ("original", _("Original paper")),
    ("photocopy", _("Photocopy")),
    ("microfilm", _("Microfilm")),
    ("digital_scan", _("Digital scan")),
    ("transcript", _("Transcript")),
]


class Accession(TimeStampedModel):
    """How a set of pages reached us: from which archive and file, on what medium and copy
    generation, who obtained it, when, and which leaves it covers."""

    accession_id = models.SlugField(_("accession identifier"), max_length=60, unique=True,
                                    help_text=_('Stable id, e.g. "ACC-2009-014".'))
    received = models.DateField(_("received on"), help_text=_("When the pages reached the project."))
    archival_file = models.ForeignKey(ArchivalFile, verbose_name=_("archival file"), on_delete=models.PROTECT,
                                      related_name="accessions")
    medium = models.CharField(_("medium"), max_length=20, choices=MEDIA)
    reel = models.CharField(_("reel"), max_length=60, blank=True,
                            help_text=_("Microfilm reel number, where the medium is microfilm."))
    copy_generation = models.PositiveSmallIntegerField(_("copy generation"), default=0, help_text=_(
        "0 for the original; 1 for a copy of it; 2 for a copy of a copy (a re-copied reel)."))
    copied_on = models.DateField(_("copied on"), null=True, blank=True,
                                 help_text=_("When this copy was made, where known."))
    obtained_by = models.CharField(_("obtained by"), max_length=255, blank=True)
    folios = FolioField(_("folios"), help_text=_("Leaves this accession covers, e.g. “1–120, 125–200”."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["archival_file", "received", "accession_id"]
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")

    def __str__(self):
        return f"{self.accession_id} ({self.get_medium_display()}, {self.archival_file})"

    @property
    def folio_ranges(self):
        return parse_folios(self.folios)


class AccessionFile(AccessControlled):
    accession = models.ForeignKey(Accession, verbose_name=_("accession"), on_delete=models.CASCADE, related_name="files")
    stored_file = models.ForeignKey(StoredFile, verbose_name=_("stored file"), on_delete=models.PROTECT,
                                    related_name="accession_links")
    label = models.CharField(_("label"), max_length=255, blank=True)
    folios = FolioField(_("folios"), blank=True, help_text=_("Leaves this file shows, where known."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["accession", "order", "pk"]
        verbose_name = _("accession file")
        verbose_name_plural = _("accession files")

    def __str__(self):
        return self.label or self.stored_file.original_name


class FoliationNote(TimeStampedModel):
    """A known change to an archival file: leaves lost, or moved to another file, with its source."""

    KINDS = [("loss", _("Loss")), ("reclassification", _("Reclassification (moved or renumbered)")),
             ("withdrawal", _("Withdrawn by the archive"))]
    archival_file = models.ForeignKey(ArchivalFile, verbose_name=_("archival file"), on_delete=models.CASCADE,
                                      related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    folios = FolioField(_("folios"), help_text=_("The leaves concerned."))
    happened = models.CharField(_("happened"), max_length=10, blank=True,
                                help_text=_("YYYY, YYYY-MM or YYYY-MM-DD, where known."))
    moved_to = models.CharField(_("moved to"), max_length=255, blank=True,
                                help_text=_("For a reclassification: where the leaves went."))
    description = models.TextField(_("description"))
    source = models.TextField(_("source"), help_text=_(
        "Where this is known from: a finding aid, an archivist's letter, a publication."))
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)

    class Meta:
        ordering = ["archival_file", "happened", "pk"]
        verbose_name = _("foliation note")
        verbose_name_plural = _("foliation notes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.archival_file}, ll. {self.folios}"


class TextFixity(models.Model):
    """The checksum of a text layer as Mosaic last saved it. Kept by layer id, not by foreign key,
    so a layer deleted behind Mosaic's back leaves its checksum behind for the audit to report."""

    layer_id = models.PositiveBigIntegerField(_("layer id"), unique=True)
    document_public_id = models.CharField(_("document public id"), max_length=100)
    description = models.CharField(_("description"), max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    length = models.PositiveIntegerField(_("length"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("text fixity record")
        verbose_name_plural = _("text fixity records")

    def __str__(self):
        return f"{self.document_public_id}: {self.description}"


class OcrPage(models.Model):
    """One page read by OCR: kept per stored file, page and language, so an interrupted run
    resumes where it stopped, and the viewer can show each page's text beside its image."""

    stored_file = models.ForeignKey(StoredFile, verbose_name=_("stored file"), on_delete=models.CASCADE,
                                    related_name="ocr_pages")
    page = models.PositiveIntegerField(_("page"), help_text=_("From 1, in the file's order."))
    language = models.CharField(_("language"), max_length=8)
    engine = models.CharField(_("engine"), max_length=120, help_text=_('e.g. "Tesseract 5.3.0 (rus, psm 6)".'))
    text = models.TextField(_("text"), blank=True)
    confidence = models.FloatField(_("confidence"), null=True,
                                   help_text=_("Mean word confidence, 0–100; empty when no word was read."))
    # For content search: where each word stands on the page (mosaic/ocr/word_boxes.py has the
    # format). Empty for pages read before boxes were kept: their text is searched without positions.
    words = models.JSONField(_("words"), null=True, blank=True,
                             help_text=_("Each word with its box and confidence, as Tesseract read it."))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["stored_file", "page"]
        constraints = [models.UniqueConstraint(fields=["stored_file", "page", "language"], name="one_ocr_page_per_language")]
        verbose_name = _("OCR page")
        verbose_name_plural = _("OCR pages")

    def __str__(self):
        return f"{self.stored_file.original_name} p. {self.page} ({self.language})"


class AuditRun(models.Model):
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)
    bytes_checked = models.PositiveBigIntegerField(_("bytes checked"), default=0)
    layers_checked = models.PositiveIntegerField(_("layers checked"), default=0)
    problem_count = models.PositiveIntegerField(_("problem count"), default=0)
    run_by = models.CharField(_("run by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-started"]
        verbose_name = _("audit run")
        verbose_name_plural = _("audit runs")

    def __str__(self):
        return f"Audit {self.started:%Y-%m-%d %H:%M}: {self.problem_count} problem(s)"

    @property
    def ok(self) -> bool:
        return self.finished is not None and self.problem_count == 0


class AuditFinding(models.Model):
    KINDS = [
        ("file_missing", _("File missing")),
        ("file_altered", _("File altered")),
        ("file_orphaned", _("File not in the catalogue")),
        ("text_altered", _("Text layer altered")),
        ("text_missing", _("Text layer missing")),
        ("text_unrecorded", _("Text layer with no checksum")),
    ]
    run = models.ForeignKey(AuditRun, verbose_name=_("audit run"), on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    subject = models.CharField(pgettext_lazy("what an audit finding concerns", "subject"), max_length=500,
                               help_text=_("The file or layer concerned."))
    detail = models.TextField(_("detail"))

    class Meta:
        ordering = ["run", "kind", "subject"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
