"""The translation backlog: tasks (a document being translated into one language) and readers'
requests for translations."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.corpus.models import Document, TextLayer
from mosaic.lib.vocabularies import LANGUAGES

# The languages the archive publishes translations in.
TARGET_LANGUAGES = {"en": LANGUAGES["en"], "ko": LANGUAGES["ko"]}
DEFAULT_TARGET_LANGUAGE = "en"


class TranslationTask(TimeStampedModel):
    """One document being translated into one language, from the queue to the published layer."""

    QUEUED, IN_PROGRESS, IN_REVIEW, DONE = "queued", "in_progress", "in_review", "done"
    STATUSES = [(QUEUED, _("Queued")), (IN_PROGRESS, _("In progress")), (IN_REVIEW, _("In review")), (DONE, _("Done"))]
    STATUS_NAMES = dict(STATUSES)
    EDITABLE_STATUSES = (QUEUED, IN_PROGRESS)

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="translation_tasks")
    target_language = models.CharField(_("target language"), max_length=8, choices=translated_choices(TARGET_LANGUAGES),
                                       default=DEFAULT_TARGET_LANGUAGE)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=QUEUED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("translator"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="translation_tasks",
                                 help_text=_("The translator working on it."))
    draft = models.TextField(_("draft"), blank=True,
                             help_text=_("The translation as last saved; not public until approved."))
    # Every save moves the revision on; a save that names an older revision was made from a
    # stale page (another tab or person saved since) and is refused instead of overwriting.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("draft saved by"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="reviewed_translation_tasks")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True,
                                   help_text=_("The reviewer's note when a translation is returned or approved."))
    result_layer = models.ForeignKey(TextLayer, verbose_name=_("published translation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     help_text=_("The published translation this task produced."))

    class Meta:
        ordering = ["-modified"]
        permissions = [
            ("assign_translationtask", _("Can assign translations to translators")),
            ("approve_translationtask", _("Can approve or return submitted translations")),
        ]
        constraints = [
            # One open task per document and language; finished tasks stay as the record of who did what.
            models.UniqueConstraint(fields=["document", "target_language"], condition=~models.Q(status="done"),
                                    name="one_open_translation_task_per_language"),
        ]
        indexes = [models.Index(fields=["status", "target_language"])]
        verbose_name = _("translation task")
        verbose_name_plural = _("translation tasks")

    def __str__(self):
        return f"{self.document.public_id} → {self.get_target_language_display()} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class TranslationRequest(models.Model):
    """A reader asking for a document to be translated. The address is kept only as a salted
    hash, long enough to count each reader once and to slow down floods."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="translation_requests")
    target_language = models.CharField(_("target language"), max_length=8, choices=translated_choices(TARGET_LANGUAGES),
                                       default=DEFAULT_TARGET_LANGUAGE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reader"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="translation_requests")
    address_hash = models.CharField(_("hashed address"), max_length=64, blank=True, editable=False,
                                    help_text=_("Salted hash of the reader's network address (never the address itself)."))
    created = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["address_hash", "created"]), models.Index(fields=["document", "target_language"])]
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")

    def __str__(self):
        return f"{self.document.public_id} → {self.get_target_language_display()} ({self.created:%Y-%m-%d})"
