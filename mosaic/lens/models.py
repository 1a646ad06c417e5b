"""Language markers stored per text layer, their per-layer counts, and readers' disputes.

Flags are stand-off: character offsets into the layer's text, with the rule and lexicon version
that produced them, so the text itself is never touched. They are recomputed whenever the layer
is saved (signals.py) or the lexicon changes (`mosaic lens_markers refresh`). A dispute copies
the flag it is about, so it survives the recomputation that replaces the flag rows.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import TimeStampedModel
from mosaic.corpus.models import Document, TextLayer
from mosaic.lib.markers.voice import AUTHOR, QUOTATION, REPORTED

# The voices as readers and staff read them; lib/markers keeps the English names for the CLI and the API.
VOICE_NAMES = {AUTHOR: _("author's narration"), REPORTED: _("reported speech"), QUOTATION: _("direct quotation")}
VOICE_CHOICES = list(VOICE_NAMES.items())
REASON_MAX_LENGTH = 2000


class MarkerFlag(models.Model):
    """One marker found in one text layer by one lexicon rule."""

    layer = models.ForeignKey(TextLayer, verbose_name=_("text layer"), on_delete=models.CASCADE,
                              related_name="marker_flags")
    start = models.PositiveIntegerField(_("start offset"),
                                        help_text=_("Offset of the first character in the layer's text."))
    end = models.PositiveIntegerField(_("end offset"), help_text=_("Offset just after the last character."))
    text = models.CharField(_("flagged words"), max_length=300,
                            help_text=_("The words flagged, as the layer has them."))
    category = models.CharField(_("category"), max_length=40)
    rule_id = models.CharField(_("rule"), max_length=40)
    rule_version = models.PositiveIntegerField(_("rule version"))
    lexicon_version = models.CharField(_("lexicon version"), max_length=40)
    voice = models.CharField(_("voice"), max_length=20, choices=VOICE_CHOICES)
    speaker = models.CharField(_("speaker"), max_length=255, blank=True,
                               help_text=_("Who speaks, as the text names them; empty if not named."))
    experimental = models.BooleanField(_("experimental"), default=False,
                                       help_text=_("Found by a cue not yet reviewed (languages other than English)."))

    class Meta:
        ordering = ["layer", "start", "category"]
        indexes = [models.Index(fields=["layer", "category"])]
        constraints = [models.UniqueConstraint(fields=["layer", "start", "end", "rule_id"], name="one_flag_per_rule_and_span")]
        verbose_name = _("marker flag")
        verbose_name_plural = _("marker flags")

    def __str__(self):
        return f"“{self.text}” ({self.category}, {self.rule_id} v{self.rule_version})"


class LayerMarkerStats(models.Model):
    """What the markers of one layer add up to, kept so that the rates of comparable documents
    are one query."""

    layer = models.OneToOneField(TextLayer, verbose_name=_("text layer"), on_delete=models.CASCADE,
                                 related_name="marker_stats")
    lexicon_version = models.CharField(_("lexicon version"), max_length=40)
    text_digest = models.CharField(_("text checksum"), max_length=64,
                                   help_text=_("SHA-256 of the text the markers were found in."))
    word_count = models.PositiveIntegerField(_("word count"))
    counts = models.JSONField(_("markers per category"), default=dict,
                              help_text=_("Markers per category, every category of the lexicon included."))
    voices = models.JSONField(_("markers per category and voice"), default=dict,
                              help_text=_("Markers per category and voice."))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("layer marker counts")
        verbose_name_plural = _("layer marker counts")
        # No index on lexicon_version: every row shares one version, and SQLite (without
        # statistics) would walk that index over the whole table instead of the group's layers.

    def __str__(self):
        return f"Marker counts of {self.layer} (lexicon {self.lexicon_version})"


class FlagDispute(TimeStampedModel):
    """A reader's objection to one flag, queued for curators. The flag is copied: flags are
    recomputed on every edit, the dispute must outlive them."""

    OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
    STATUSES = {OPEN: _("Open"), ACCEPTED: _("Accepted (the flag is wrong)"), REJECTED: _("Rejected (the flag stands)")}

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="flag_disputes")
    layer = models.ForeignKey(TextLayer, verbose_name=_("text layer"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="flag_disputes")
    layer_description = models.CharField(_("text layer as disputed"), max_length=300,
                                         help_text=_("The layer as it was when disputed (kind, language, by whom)."))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    text = models.CharField(_("flagged words"), max_length=300)
    category = models.CharField(_("category"), max_length=40)
    rule_id = models.CharField(_("rule"), max_length=40)
    rule_version = models.PositiveIntegerField(_("rule version"))
    lexicon_version = models.CharField(_("lexicon version"), max_length=40)
    voice = models.CharField(_("voice"), max_length=20, choices=VOICE_CHOICES)
    speaker = models.CharField(_("speaker"), max_length=255, blank=True)

    reason = models.TextField(_("why the flag is wrong"), max_length=REASON_MAX_LENGTH)
    contact_email = models.EmailField(_("contact email"), blank=True,
                                      help_text=_("Given by the reader to hear back; never published."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reader"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="flag_disputes",
                             help_text=_("The signed-in reader, if any."))
    # A keyed hash, not the address: enough to throttle one sender, useless for finding out who it was.
    client_hash = models.CharField(_("sender (hashed address)"), max_length=64, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=list(STATUSES.items()), default=OPEN)
    curator_note = models.TextField(_("curator's note"), blank=True,
                                    help_text=_("For staff and the next annotation round: what was decided and why."))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="handled_flag_disputes")
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["client_hash", "created"]), models.Index(fields=["status", "created"])]
        verbose_name = _("flag dispute")
        verbose_name_plural = _("flag disputes")

    def __str__(self):
        return f"Dispute of “{self.text}” ({self.rule_id}) in {self.document.public_id}"
