"""Computing and storing the markers of text layers.

A layer's stored markers are current when they were computed with the current lexicon version
from the layer's current text and its document's type (compared by digest, so edits that bypass
signals, such as bulk imports, are noticed too; the type matters because a record of
conversation gives its paragraphs to the speakers). `current_markers` is what pages and the API
read: stored markers when current, otherwise it recomputes and stores them first.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from mosaic.corpus.models import TextLayer
from mosaic.lens.models import LayerMarkerStats, MarkerFlag
from mosaic.lib.markers.lexicon import Lexicon, default_lexicon
from mosaic.lib.markers.voice import VOICES, records_conversation

logger = logging.getLogger(__name__)

# Layers whose markers are written in one transaction by the bulk refreshers.
LAYERS_PER_WRITE = 200


def text_digest(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _conversation(layer: TextLayer) -> bool | None:
    return records_conversation(layer.document.doc_type)


def analysis_digest(layer: TextLayer) -> str:
    """The digest of what the markers depend on besides the lexicon: the text and, when it tells
    the voice rules something, the document type."""
    conversation = _conversation(layer)
    return text_digest(layer.text if conversation is None else f"{layer.text}\x00conversation")


def is_current(stats: LayerMarkerStats | None, layer: TextLayer, lexicon: Lexicon | None = None) -> bool:
    lexicon = lexicon or default_lexicon()
    return bool(stats and stats.lexicon_version == lexicon.version and stats.text_digest == analysis_digest(layer))


def stored_stats(layer: TextLayer) -> LayerMarkerStats | None:
    try:
        return layer.marker_stats
    except LayerMarkerStats.DoesNotExist:
        return None


@dataclass
class _Found:
    """A layer's markers found afresh, not yet stored."""

    layer: TextLayer
    flags: list[MarkerFlag]
    stats: LayerMarkerStats


def _find(layer: TextLayer, lexicon: Lexicon) -> _Found:
    # The engine is imported where markers are found: its voice rules take a third of a second to
    # import, which every page and command that only imports this module would otherwise pay.
    from mosaic.lib.markers.engine import count_by_category, find_markers, word_count

    markers = find_markers(layer.text, layer.language, lexicon, include_unflagged=True, conversation=_conversation(layer))
    flags = [MarkerFlag(layer=layer, start=m.start, end=m.end, text=m.text[:300], category=m.category, rule_id=m.rule_id,
                        rule_version=m.rule_version, lexicon_version=m.lexicon_version, voice=m.voice,
                        speaker=(m.speaker or "")[:255], experimental=m.experimental)
             for m in markers if lexicon.categories[m.category].flagged]
    voices: dict[str, dict[str, int]] = {category: {voice: 0 for voice in VOICES} for category in lexicon.categories}
    for marker in markers:
        voices[marker.category][marker.voice] += 1
    stats = LayerMarkerStats(layer=layer, lexicon_version=lexicon.version, text_digest=analysis_digest(layer),
                             word_count=word_count(layer.text), counts=count_by_category(markers, lexicon.categories),
                             voices=voices)
    return _Found(layer, flags, stats)


_STATS_FIELDS = ["lexicon_version", "text_digest", "word_count", "counts", "voices", "computed_at"]


def _store(found: list[_Found]) -> None:
    """Replace the stored markers of these layers in one transaction: a handful of statements
    for the lot, not a few per layer, so a worker holds the database's write lock only briefly."""
    if not found:
        return
    layer_ids = [item.layer.pk for item in found]
    with transaction.atomic():
        MarkerFlag.objects.filter(layer_id__in=layer_ids).delete()
        MarkerFlag.objects.bulk_create([flag for item in found for flag in item.flags], batch_size=500)
        # One upsert whether or not the layer had counts (a page view may have stored them since
        # they were read); it gives each object the primary key of its row, new or kept.
        LayerMarkerStats.objects.bulk_create([item.stats for item in found], batch_size=500, update_conflicts=True,
                                             unique_fields=["layer"], update_fields=_STATS_FIELDS)
    for item in found:
        item.layer.marker_stats = item.stats


def refresh_many(layers, lexicon: Lexicon | None = None) -> int:
    """Find the markers of these layers afresh and store them, replacing what was stored: the
    finding first, outside any transaction, then all the writing at once. Returns how many."""
    lexicon = lexicon or default_lexicon()
    found = [_find(layer, lexicon) for layer in layers]
    _store(found)
    return len(found)


def refresh_layer(layer: TextLayer, lexicon: Lexicon | None = None) -> LayerMarkerStats:
    """Find the layer's markers afresh and store them, replacing what was stored."""
    refresh_many([layer], lexicon)
    return layer.marker_stats


def current_markers(layer: TextLayer, lexicon: Lexicon | None = None) -> tuple[LayerMarkerStats, list[MarkerFlag]]:
    """The layer's counts and flags, recomputed first if the text or the lexicon changed."""
    lexicon = lexicon or default_lexicon()
    stats = stored_stats(layer)
    if not is_current(stats, layer, lexicon):
        try:
            stats = refresh_layer(layer, lexicon)
        except IntegrityError:
            # Another request stored the same layer's markers at the same moment: read theirs.
            logger.info("Markers of layer %s were refreshed concurrently", layer.pk)
            stats = LayerMarkerStats.objects.get(layer=layer)
    return stats, list(MarkerFlag.objects.filter(layer=layer).order_by("start", "end", "category"))


def refresh_layer_by_id(layer_id: int) -> None:
    """For the post-save signal: the layer may be gone by the time the transaction commits."""
    layer = TextLayer.objects.filter(pk=layer_id).first()
    if layer is not None:
        refresh_layer(layer)


def refresh_layers(layers, *, force: bool = False, lexicon: Lexicon | None = None) -> tuple[int, int]:
    """Refresh a queryset of layers (all of them with `force`, else those not current).
    Returns (refreshed, examined)."""
    lexicon = lexicon or default_lexicon()
    refreshed = examined = 0
    stale = []
    for layer in layers.select_related("marker_stats", "document").iterator(chunk_size=LAYERS_PER_WRITE):
        examined += 1
        if force or not is_current(stored_stats(layer), layer, lexicon):
            stale.append(layer)
        if len(stale) == LAYERS_PER_WRITE:
            refreshed += refresh_many(stale, lexicon)
            stale = []
    refreshed += refresh_many(stale, lexicon)
    return refreshed, examined


def refresh_documents(document_ids) -> tuple[int, int]:
    """Refresh the stale layers of these documents: for bulk writers (imports) that bypass signals."""
    return refresh_layers(TextLayer.objects.filter(document_id__in=list(document_ids)))
