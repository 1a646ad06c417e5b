"""A reader's or a curator's note on a passage of a document's text or a region of one of its
page images (the W3C Web Annotation model; docs/annotations.md)."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.corpus.models import LANGUAGE_CHOICES, Document
from mosaic.lib.vocabularies import TEXT_LAYER_KINDS
from mosaic.annotations.web_annotation import BODY_FORMATS, MOTIVATIONS


class Annotation(TimeStampedModel):
    """Private to its author until a curator publishes it (at the author's request).

    The target is kept by what survives a re-import, which replaces a document's text layers and
    file links wholesale: a text layer by its kind and language (as the API names it) with the
    passage's position and quote (`anchoring.py` finds it again after an edit), a page image by its
    stored file (content-addressed, never deleted) and page, with the region in that page's pixels.
    """

    PRIVATE, SUBMITTED, PUBLISHED, REJECTED = "private", "submitted", "published", "rejected"
    STATES = {PRIVATE: _("Private"), SUBMITTED: _("Submitted for publication"), PUBLISHED: _("Published"),
              REJECTED: _("Not published")}

    annotation_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False,
                                     help_text=_("Its public identifier, in its address."))
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="annotations")
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="annotations")
    motivation = models.CharField(_("motivation"), max_length=20, choices=list(MOTIVATIONS.items()),
                                  default="commenting")
    body = models.TextField(_("text of the note"),
                            help_text=_("Plain text, or HTML reduced to the rich-text allow-list."))
    body_format = models.CharField(_("text format"), max_length=20, choices=[(f, f) for f in BODY_FORMATS],
                                   default="text/plain")
    body_language = models.CharField(_("language of the note"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)

    # A passage of a text layer.
    layer_kind = models.CharField(_("kind of text layer"), max_length=20, blank=True, choices=translated_choices(TEXT_LAYER_KINDS))
    layer_language = models.CharField(_("language of the text layer"), max_length=8, blank=True,
                                      choices=LANGUAGE_CHOICES)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True,
                                        help_text=_("Where the passage began when last anchored."))
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    exact = models.TextField(_("quoted passage"), blank=True)
    prefix = models.CharField(_("text before the passage"), max_length=64, blank=True)
    suffix = models.CharField(_("text after the passage"), max_length=64, blank=True)

    # A region of a page image.
    stored_file = models.ForeignKey("preservation.StoredFile", verbose_name=_("image file"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="annotations")
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    x = models.PositiveIntegerField(_("left edge (x)"), null=True, blank=True)
    y = models.PositiveIntegerField(_("top edge (y)"), null=True, blank=True)
    w = models.PositiveIntegerField(_("width"), null=True, blank=True)
    h = models.PositiveIntegerField(_("height"), null=True, blank=True)

    state = models.CharField(_("state"), max_length=12, choices=list(STATES.items()), default=PRIVATE)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["document", "created", "pk"]
        indexes = [models.Index(fields=["document", "state"]), models.Index(fields=["state", "created"]),
                   models.Index(fields=["creator", "created"])]
        constraints = [
            models.CheckConstraint(
                name="annotation_targets_a_passage_or_a_region",
                condition=(models.Q(stored_file__isnull=True, page__isnull=True, x__isnull=True) & ~models.Q(layer_kind="")
                           & ~models.Q(exact=""))
                | (models.Q(stored_file__isnull=False, page__isnull=False, x__isnull=False, y__isnull=False,
                            w__gt=0, h__gt=0) & models.Q(layer_kind="", exact="")),
            ),
        ]
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")

    def __str__(self):
        where = f"“{self.exact[:40]}”" if self.layer_kind else f"page {self.page}, {self.region_fragment}"
        return f"{MOTIVATIONS.get(self.motivation, self.motivation)} on {self.document.public_id}: {where}"

    @property
    def on_text(self) -> bool:
        return bool(self.layer_kind)

    @property
    def region_fragment(self) -> str:
        return f"xywh={self.x},{self.y},{self.w},{self.h}"
