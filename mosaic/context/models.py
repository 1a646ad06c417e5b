"""Curated context for reading a document: the state of each country's relations with the DPRK,
the conditions its embassy worked under, and events. Every row is a claim with its sources, a
confidence level and a needs-verification flag; curators edit them, with history."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.lib.partial_dates import PartialDate, format_period
from mosaic.lib.vocabularies import COUNTRY_NAMES

CONFIDENCE = [("high", _("High")), ("medium", _("Medium")), ("low", _("Low"))]
# Curator judgements summarising cited scholarship (the design note's controlled vocabulary),
# stored as the curators' words and shown in the reader's language.
RELATION_STATUS_LABELS = {
    "established": pgettext_lazy("relations status", "established"),
    "close": pgettext_lazy("relations status", "close"),
    "cordial": pgettext_lazy("relations status", "cordial"),
    "correct": pgettext_lazy("relations status", "correct"),
    "improving": pgettext_lazy("relations status", "improving"),
    "cooling": pgettext_lazy("relations status", "cooling"),
    "strained": pgettext_lazy("relations status", "strained"),
    "poor": pgettext_lazy("relations status", "poor"),
    "hostile": pgettext_lazy("relations status", "hostile"),
    "downgraded": pgettext_lazy("relations status", "downgraded"),
    "ended": pgettext_lazy("relations status", "ended"),
    "treaty": pgettext_lazy("relations status", "treaty"),
    "context": pgettext_lazy("relations status", "context"),
}
RELATION_STATUSES = list(RELATION_STATUS_LABELS)


class ContextRow(TimeStampedModel):
    row_id = models.CharField(_("identifier"), max_length=20, unique=True,
                              help_text=_('Stable id from the seed file, e.g. "R005".'))
    start = models.CharField(_("start"), max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"))
    end = models.CharField(_("end"), max_length=10, blank=True,
                           help_text=_("Empty when the row marks a moment, or an open end."))
    date_min = models.DateField(_("earliest possible day"), editable=False)
    date_max = models.DateField(_("latest possible day"), null=True, blank=True, editable=False,
                                help_text=_("Empty: open-ended."))
    approximate = models.BooleanField(_("approximate dates"), default=False,
                                      help_text=_("The dates are approximate (~ in the seed file)."))
    sources = models.TextField(_("sources"), help_text=_("One source per line, with a URL where there is one."))
    confidence = models.CharField(_("confidence"), max_length=10, choices=CONFIDENCE)
    needs_verification = models.BooleanField(_("needs verification"), default=True)
    verified_by = models.CharField(_("verified by"), max_length=150, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # What the seed file last said, so a re-load can tell a curator's edit from its own old row.
    seed_digest = models.CharField(_("seed file digest"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["date_min", "row_id"]

    # Rows without an end: a relations milestone stands for its own date; a condition holds from
    # its start on (the seed gives no end because none is recorded).
    OPEN_ENDED = False

    def save(self, *args, **kwargs):
        self.date_min = PartialDate.parse(self.start).earliest()
        if self.end:
            self.date_max = PartialDate.parse(self.end).latest()
        else:
            self.date_max = None if self.OPEN_ENDED else PartialDate.parse(self.start).latest()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        from mosaic.lib.partial_dates import InvalidDate

        for name in ("start", "end"):
            value = getattr(self, name)
            if value:
                try:
                    PartialDate.parse(value)
                except InvalidDate as error:
                    raise ValidationError({name: str(error)})
        if self.start and self.end and PartialDate.parse(self.end).latest() < PartialDate.parse(self.start).earliest():
            raise ValidationError({"end": gettext("The end is before the start.")})

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def period_display(self) -> str:
        # In the page's language: machine endpoints run in English, so the API's periods stay English.
        language = translation.get_language() or "en"
        start = PartialDate.parse(self.start)
        if self.end:
            return format_period(start, PartialDate.parse(self.end), approximate=self.approximate, language=language)
        shown = format_period(start, approximate=self.approximate, language=language)
        return gettext("from %(start)s (no end recorded)") % {"start": shown} if self.OPEN_ENDED else shown

    def covers(self, start: dt.date, end: dt.date) -> bool:
        return self.date_min <= end and (self.date_max is None or self.date_max >= start)


class RelationsPeriod(ContextRow):
    country = models.CharField(_("country"), max_length=40, choices=translated_choices(COUNTRY_NAMES),
                               help_text=_("The DPRK's partner."))
    status = models.CharField(_("state of relations"), max_length=20, choices=list(RELATION_STATUS_LABELS.items()))
    summary = models.TextField(_("summary"))
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)

    class Meta(ContextRow.Meta):
        verbose_name = _("relations period")
        verbose_name_plural = _("relations periods")

    def __str__(self):
        return f"{self.row_id} DPRK–{self.country} {self.status}, {self.period_display}"


class EmbassyCondition(ContextRow):
    OPEN_ENDED = True

    countries = models.JSONField(_("countries"), default=list, blank=True,
                                 help_text=_('Countries whose missions this concerns; empty = all missions.'))
    applies_to = models.CharField(_("applies to"), max_length=120,
                                  help_text=_('As the source puts it, e.g. "all socialist-country missions".'))
    condition_type = models.CharField(_("kind of condition"), max_length=40)
    description = models.TextField(_("description"))
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    class Meta(ContextRow.Meta):
        verbose_name = _("embassy condition")
        verbose_name_plural = _("embassy conditions")

    def __str__(self):
        return f"{self.row_id} {self.applies_to}: {self.condition_type}, {self.period_display}"

    def concerns(self, country: str) -> bool:
        return not self.countries or country in self.countries


class Event(ContextRow):
    title = models.TextField(_("event"))
    title_ko = models.TextField(_("event (Korean)"), blank=True)
    category = models.CharField(_("category"), max_length=40)
    actors = models.TextField(_("actors"), blank=True, help_text=_("Semicolon-separated."))
    public_at_time = models.CharField(_("public at the time"), max_length=80, blank=True,
                                      help_text=_("Whether (and how) it was public when it happened."))
    lag_notes = models.TextField(_("notes on the reporting delay"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_(
        "Words and phrases that mention the event, one per line (for finding candidate mentions)."))

    class Meta(ContextRow.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.row_id} {self.period_display}: {self.title[:80]}"

    @property
    def actor_list(self) -> list[str]:
        return [a.strip() for a in self.actors.split(";") if a.strip()]


class EventMention(TimeStampedModel):
    """A document that may mention an event: found by the name authority or a keyword, and
    confirmed or rejected by a curator. Only confirmed mentions count for reporting lag."""

    CANDIDATE, CONFIRMED, REJECTED = "candidate", "confirmed", "rejected"
    STATUSES = [(CANDIDATE, _("Candidate (found automatically)")), (CONFIRMED, _("Confirmed by a curator")),
                (REJECTED, _("Rejected by a curator"))]

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="mentions")
    document = models.ForeignKey("corpus.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="event_mentions")
    found_by = models.TextField(_("found by"), help_text=_("The names and keywords that found it."))
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=CANDIDATE)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "document__date_min"]
        constraints = [models.UniqueConstraint(fields=["event", "document"], name="unique_event_mention")]
        verbose_name = _("event mention")
        verbose_name_plural = _("event mentions")

    def __str__(self):
        return f"{self.event.row_id} in {self.document.public_id} ({self.get_status_display()})"
