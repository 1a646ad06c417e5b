"""The translation backlog: which documents lack a translation, and in which order to do them.

The scoring itself is pure (``mosaic.lib.translation_priority``); this module gathers the facts
it reads from the database, in a fixed number of queries whatever the size of the backlog, and
reads the installation's settings.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import Length
from django.utils.translation import gettext, ngettext

from mosaic.collections.models import CollectionMembership
from mosaic.corpus.models import Document, Locator, TextLayer
from mosaic.lib.vocabularies import COUNTRY_NAMES
from mosaic.lib.translation_priority import (
    DEFAULT_COST_PER_PAGE,
    Candidate,
    Priority,
    PriorityConfig,
    Wording,
    estimate_pages,
    rank,
)
from mosaic.translations.models import TranslationRequest, TranslationTask

# Layers a translator can translate from. A machine draft is itself an attempt at a translation,
# so it neither counts as source text nor as a finished translation.
SOURCE_LAYER_KINDS = ("original", "ocr")


def priority_config() -> PriorityConfig:
    """The defaults with the installation's overrides (settings.MOSAIC_TRANSLATION_PRIORITY and
    settings.MOSAIC_TRANSLATION_COST_PER_PAGE)."""
    return PriorityConfig.with_overrides(
        getattr(settings, "MOSAIC_TRANSLATION_PRIORITY", {}),
        cost_per_page=getattr(settings, "MOSAIC_TRANSLATION_COST_PER_PAGE", DEFAULT_COST_PER_PAGE),
    )


def translated_documents(language: str):
    """Documents that hold a translation into `language`, whoever may see it."""
    return Document.objects.filter(pk__in=TextLayer.objects.filter(kind="translation", language=language).values("document"))


def untranslated_documents(language: str):
    """Documents with text to translate but no translation into `language`.

    Catalogue-only records hold no text, and withdrawn ones are not worth the work; a document
    written in the language needs no translation into it.
    """
    with_source_text = TextLayer.objects.filter(kind__in=SOURCE_LAYER_KINDS).exclude(language=language).values("document")
    return (Document.objects.filter(catalogue_only=False, pk__in=with_source_text)
            .exclude(status="withdrawn")
            .exclude(original_language=language)
            .exclude(pk__in=translated_documents(language).values("pk")))


def is_in_backlog(document: Document, language: str) -> bool:
    return untranslated_documents(language).filter(pk=document.pk).exists()


@dataclass
class BacklogEntry:
    rank: int
    document: Document
    language: str
    priority: Priority
    task: TranslationTask | None

    @property
    def status(self) -> str:
        return self.task.status if self.task else TranslationTask.QUEUED

    @property
    def status_display(self) -> str:
        return self.task.get_status_display() if self.task else TranslationTask.STATUS_NAMES[TranslationTask.QUEUED]

    @property
    def assignee(self):
        return self.task.assignee if self.task else None


def candidates_for(documents, language: str, config: PriorityConfig) -> dict[int, Candidate]:
    """The facts the score reads, for each of `documents` (a queryset)."""
    requests = dict(TranslationRequest.objects.filter(document__in=documents, target_language=language)
                    .values("document").annotate(asked=Count("pk")).values_list("document", "asked"))
    collection_priority = dict(CollectionMembership.objects.filter(document__in=documents)
                               .values("document").annotate(priority=Max("collection__translation_priority"))
                               .values_list("document", "priority"))
    folio_spans: dict[int, list] = {}
    for document_id, start, end in Locator.objects.filter(document__in=documents).values_list("document", "folio_start", "folio_end"):
        folio_spans.setdefault(document_id, []).append((start, end))
    text_lengths: dict[int, list] = {}
    for document_id, length in (TextLayer.objects.filter(document__in=documents, kind__in=SOURCE_LAYER_KINDS)
                                .annotate(length=Length("text")).values_list("document", "length")):
        text_lengths.setdefault(document_id, []).append(length)
    translated_per_country_year = Counter(
        translated_documents(language).exclude(origin_country="").exclude(date_min=None)
        .values_list("origin_country", "date_min__year")
    )
    candidates = {}
    for document_id, country, earliest in documents.values_list("pk", "origin_country", "date_min"):
        pages, pages_from = estimate_pages(folio_spans.get(document_id, []), text_lengths.get(document_id, []),
                                           config.characters_per_page)
        known_when_and_where = bool(country and earliest)
        candidates[document_id] = Candidate(
            reader_requests=requests.get(document_id, 0),
            collection_priority=collection_priority.get(document_id) or 0,
            pages=pages,
            pages_estimated_from=pages_from,
            translated_in_same_country_year=translated_per_country_year[(country, earliest.year)] if known_when_and_where else None,
            country_year=gettext("%(country)s, %(year)s") % {"country": gettext(COUNTRY_NAMES.get(country, country)),
                                                             "year": earliest.year} if known_when_and_where else "",
        )
    return candidates


def build_backlog(language: str = "en", config: PriorityConfig | None = None, among=None) -> list[BacklogEntry]:
    """Every untranslated document (of `among`, the documents the reader may see, when given),
    highest priority first, with its open task if it has one."""
    config = config or priority_config()
    documents = untranslated_documents(language)
    if among is not None:
        documents = documents.filter(pk__in=among.values("pk"))
    candidates = candidates_for(documents, language, config)
    by_pk = {d.pk: d for d in documents.order_by("date_min", "public_id")}
    tasks = {t.document_id: t for t in TranslationTask.objects.filter(document__in=documents, target_language=language)
             .exclude(status=TranslationTask.DONE).select_related("assignee")}
    # Explained in the active language: the reader's on a page, English on the command line.
    ranked = rank(((pk, candidates[pk]) for pk in by_pk), config, Wording(gettext, ngettext))
    return [BacklogEntry(position, by_pk[pk], language, priority, tasks.get(pk))
            for position, (pk, priority) in enumerate(ranked, start=1)]


def priority_as_json(priority: Priority) -> dict:
    return {
        "score": round(priority.score, 4),
        "factors": [
            {"factor": f.factor, "label": f.label, "raw": f.raw, "normalised": round(f.normalised, 4),
             "weight": f.weight, "contribution": round(f.contribution, 4), "explanation": f.explanation}
            for f in priority.factors
        ],
    }
