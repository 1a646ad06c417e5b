"""Documents and their provenance: locators, credits, agents and text layers."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from mosaic.archives.models import Repository
from django.utils.translation import get_language, gettext, gettext_lazy as _, pgettext_lazy

from mosaic.common.models import TimeStampedModel, choice_label, translated_choices
from mosaic.common.validators import validate_http_url
from mosaic.entities.models import Agent
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.source_lines import UNIT_TYPES
from mosaic.lib.vocabularies import (
    ACCESS_LEVELS,
    AGENT_ROLES,
    COUNTRY_NAMES,
    CREDIT_ROLES,
    DOCUMENT_TYPES,
    LANGUAGES,
    PUBLICATION_STATUSES,
    TEXT_LAYER_KINDS,
)

LANGUAGE_CHOICES = translated_choices(LANGUAGES)


class AccessControlled(models.Model):
    """Who may see a thing: everyone, staff only, or everyone after an embargo date."""

    access = models.CharField(_("access"), max_length=20, choices=translated_choices(ACCESS_LEVELS), default="public")
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_open_to_public(self, today: dt.date | None = None) -> bool:
        if self.access == "public":
            return True
        if self.access == "embargoed" and self.embargo_until:
            return (today or timezone.localdate()) >= self.embargo_until
        return False


class DocumentQuerySet(models.QuerySet):
    def in_listed_order(self, public_ids: list[str], where: str) -> list["Document"]:
        """The documents with these public ids, in the order given; names any that are missing."""
        found = {d.public_id: d for d in self.filter(public_id__in=public_ids)}
        missing = [pid for pid in public_ids if pid not in found]
        if missing:
            raise self.model.DoesNotExist(f"{where} lists documents that are not in the archive: {', '.join(missing)}")
        return [found[pid] for pid in public_ids]

    def public(self, today: dt.date | None = None):
        """Documents anyone may see: published, and public or past their embargo."""
        today = today or timezone.localdate()
        return self.filter(status="published").filter(
            models.Q(access="public") | models.Q(access="embargoed", embargo_until__lte=today)
        )


# Revisions made by `mosaic ocr`: machine work, not a staff edit a re-import must respect.
MACHINE_READ_COMMENT = "OCR: "


class Document(TimeStampedModel, AccessControlled):
    public_id = models.SlugField(_("public identifier"), max_length=120, unique=True,
                                 help_text=_("Stable public identifier used in URLs and citations."))
    title = models.CharField(_("title"), max_length=500)
    doc_type = models.CharField(_("document type"), max_length=40, choices=translated_choices(DOCUMENT_TYPES),
                                default="other")

    # The date as known (partial ISO: 1956, 1956-07, 1956-07-24) and the interval it stands for.
    date = models.CharField(_("date"), max_length=10, blank=True,
                            help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; empty if undated."))
    date_min = models.DateField(_("earliest possible day"), null=True, blank=True)
    date_max = models.DateField(_("latest possible day"), null=True, blank=True)
    date_note = models.TextField(_("note on the date"), blank=True, help_text=_("How the date was established."))

    origin_country = models.CharField(_("country of origin"), max_length=40, blank=True,
                                      choices=translated_choices(COUNTRY_NAMES), help_text=_("The author's state."))
    original_language = models.CharField(_("original language"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    summary = models.TextField(_("summary"), blank=True)
    classification = models.CharField(
        _("original classification"), max_length=120, blank=True, help_text=_("As marked on the original.")
    )
    rights = models.TextField(_("rights"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=translated_choices(PUBLICATION_STATUSES),
                              default="draft")

    catalogue_only = models.BooleanField(
        _("catalogue only"), default=False, help_text=_("Only the catalogue facts are held here, not the text.")
    )
    # Both are shown as links on the document page, so only http(s) addresses may be stored.
    held_at = models.CharField(_("where it can be read"), max_length=500, blank=True, validators=[validate_http_url],
                               help_text=_("Where a catalogue-only document can be read (an http:// or https:// "
                                           "address)."))
    source_url = models.URLField(_("source of the record"), max_length=500, blank=True, validators=[validate_http_url],
                                 help_text=_("Where this record came from (an http:// or https:// address)."))

    agents = models.ManyToManyField(Agent, verbose_name=_("people and organisations"), through="DocumentAgent",
                                    related_name="documents")

    # Which file last wrote this record and a digest of what it wrote, so that re-importing an
    # unchanged file is a no-op instead of a rewrite.
    import_source = models.CharField(_("imported from"), max_length=255, blank=True, editable=False)
    import_fingerprint = models.CharField(_("import digest"), max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["date_min", "public_id"]
        indexes = [models.Index(fields=["date_min", "date_max"]), models.Index(fields=["status", "access"]),
                   # The comparable group of the source lens: author country, type, period.
                   models.Index(fields=["origin_country", "doc_type", "date_min"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_min__isnull=True)
                | models.Q(date_max__isnull=True)
                | models.Q(date_min__lte=models.F("date_max")),
                name="document_date_interval_runs_forwards",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.public_id}: {self.title}"

    @property
    def partial_date(self) -> PartialDate | None:
        return PartialDate.parse(self.date) if self.date else None

    @property
    def date_display(self) -> str:
        partial = self.partial_date
        return partial.display(get_language()) if partial else gettext("Undated")

    def edited_since_import(self) -> bool:
        """Whether staff changed this record (or any part of it) after the file that wrote it
        was last imported; a re-import must not silently undo their work."""
        if not self.imported_at:
            return False
        if self.modified and self.modified > self.imported_at:
            return True
        from reversion.models import Version

        return (Version.objects.get_for_object(self).filter(revision__date_created__gt=self.imported_at)
                .exclude(revision__comment__startswith="Imported from")
                .exclude(revision__comment__startswith=MACHINE_READ_COMMENT).exists())

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.date:
            try:
                interval = PartialDate.parse(self.date).interval()
            except InvalidDate as error:
                raise ValidationError({"date": str(error)})
            self.date_min = self.date_min or interval.start
            self.date_max = self.date_max or interval.end
        if self.date_min and self.date_max and self.date_min > self.date_max:
            raise ValidationError({"date_max": gettext("The latest possible day is before the earliest.")})
        if self.access == "embargoed" and not self.embargo_until:
            raise ValidationError({"embargo_until": gettext("An embargoed document needs the date its embargo ends.")})


class Locator(models.Model):
    """Where the original sits: a repository and ordered archival units, plus the folio range."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="locators")
    order = models.PositiveIntegerField(_("order"), default=0)
    repository = models.ForeignKey(Repository, verbose_name=_("archive"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="locators")
    as_printed = models.TextField(_("as printed"), blank=True, help_text=_("The source line exactly as printed."))
    folio_start = models.PositiveIntegerField(_("first folio"), null=True, blank=True)
    folio_end = models.PositiveIntegerField(_("last folio"), null=True, blank=True)
    folio_term = models.CharField(_("word for folios"), max_length=20, blank=True,
                                  help_text=_('As printed: "Listy", "ll.", "p.".'))

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("locator")
        verbose_name_plural = _("locators")

    def __str__(self):
        return self.as_printed or self.short_form()

    def short_form(self) -> str:
        """The structured locator written out: "RGANI, fond 5, opis 28, delo 410, ll. 301–303"."""
        parts = [self.repository.code] if self.repository else []
        parts += [f"{unit.label or unit.get_unit_type_display()} {unit.value}" for unit in self.units.all()]
        if self.folio_start is not None:
            span = str(self.folio_start) if self.folio_end in (None, self.folio_start) else f"{self.folio_start}–{self.folio_end}"
            parts.append(f"{self.folio_term or 'ff.'} {span}")
        return ", ".join(parts)


class ArchivalUnit(models.Model):
    locator = models.ForeignKey(Locator, verbose_name=_("locator"), on_delete=models.CASCADE, related_name="units")
    order = models.PositiveIntegerField(_("order"), default=0)
    unit_type = models.CharField(_("unit type"), max_length=30, choices=translated_choices(UNIT_TYPES))
    label = models.CharField(pgettext_lazy("archival unit", "label"), max_length=40, blank=True,
                             help_text=_('The word as printed: "Fond", "f.", "doboz".'))
    value = models.CharField(_("value"), max_length=120)

    class Meta:
        ordering = ["locator", "order"]
        verbose_name = _("archival unit")
        verbose_name_plural = _("archival units")

    def __str__(self):
        return f"{choice_label(self, 'unit_type')} {self.value}"


class Credit(models.Model):
    """Who obtained, translated, edited, contributed or funded a document or one language version."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="credits")
    order = models.PositiveIntegerField(_("order"), default=0)
    role = models.CharField(_("role"), max_length=20, choices=translated_choices(CREDIT_ROLES))
    agent = models.ForeignKey(Agent, verbose_name=_("person or organisation"), on_delete=models.PROTECT,
                              related_name="credits")
    on_behalf_of = models.CharField(_("on behalf of"), max_length=120, blank=True,
                                    help_text=_('e.g. "NKIDP" in "translated for NKIDP by".'))
    language = models.CharField(_("language"), max_length=8, blank=True, choices=LANGUAGE_CHOICES,
                                help_text=_("The language version credited; empty for the whole document."))

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self):
        return f"{choice_label(self, 'role')} {self.agent}"


class DocumentAgent(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="agent_links")
    agent = models.ForeignKey(Agent, verbose_name=_("person or organisation"), on_delete=models.PROTECT,
                              related_name="document_links")
    role = models.CharField(_("role"), max_length=20, choices=translated_choices(AGENT_ROLES))
    as_written = models.CharField(_("as written"), max_length=255, blank=True,
                                  help_text=_("The name as the document writes it."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("person or organisation")
        verbose_name_plural = _("people and organisations")

    def __str__(self):
        return f"{choice_label(self, 'role')}: {self.agent}"


class TextLayer(TimeStampedModel, AccessControlled):
    """One text of a document: an original transcript, a translation, OCR or a machine draft."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="text_layers")
    kind = models.CharField(_("kind"), max_length=20, choices=translated_choices(TEXT_LAYER_KINDS))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    made_by = models.CharField(_("made by"), max_length=255, blank=True,
                               help_text=_("Translator, transcriber or OCR engine."))
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("text layer")
        verbose_name_plural = _("text layers")

    def __str__(self):
        return f"{choice_label(self, 'kind')} ({choice_label(self, 'language')})"


class NameLink(TimeStampedModel):
    """A name written in a document's text, linked to a person by the matcher or a curator.

    Keyed by document, person and the form as written (not by text layer), so a curator's
    decision survives a re-import that replaces the layers.
    """

    SUGGESTED, CONFIRMED, REJECTED = "suggested", "confirmed", "rejected"
    STATUSES = [(SUGGESTED, _("Suggested by the matcher")), (CONFIRMED, _("Confirmed by a curator")),
                (REJECTED, _("Rejected by a curator"))]

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="name_links")
    person = models.ForeignKey("entities.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="name_links")
    surface_form = models.CharField(_("name as written"), max_length=255, help_text=_("The name exactly as written."))
    language = models.CharField(_("language"), max_length=8, blank=True)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    confidence = models.FloatField(_("confidence"), help_text=_("The matcher's score, 0–1 (a heuristic)."))
    # How the matcher read the name: the reason shown beside a suggested link.
    NAME, SURNAME, INITIALS, OFFICE, OWN_SURNAME = "name", "surname", "initials", "office", "own_surname"
    BASES = [(NAME, _("read as a name")),
             (SURNAME, _("a surname (with any title) of the one person this document names in full with it")),
             (INITIALS, _("initials the name authority lists for the person")),
             (OFFICE, _("a name several people share; of them, only this one held an office at the document's date")),
             (OWN_SURNAME, _("a foreign surname, alone or after a title, that only this person of the authority bears"))]
    basis = models.CharField(_("read as"), max_length=12, choices=BASES, default=NAME)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=SUGGESTED)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-confidence"]
        constraints = [models.UniqueConstraint(fields=["document", "person", "surface_form"], name="unique_name_link")]
        verbose_name = _("name link")
        verbose_name_plural = _("name links")

    def __str__(self):
        return f"{self.surface_form} → {self.person} ({self.get_status_display()})"
