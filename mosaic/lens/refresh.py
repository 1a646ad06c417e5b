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

from django.db import IntegrityError, transaction

from mosaic.corpus.models import TextLayer
from mosaic.lens.models import LayerMarkerStats, MarkerFlag
from mosaic.lib.markers.engine import count_by_category, find_markers, word_count
from mosaic.lib.markers.lexicon import Lexicon, default_lexicon
from mosaic.lib.markers.voice import VOICES, records_conversation

logger = logging.getLogger(__name__)


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


def _stored_stats(layer: TextLayer) -> LayerMarkerStats | None:
    try:
        return layer.marker_stats
    except LayerMarkerStats.DoesNotExist:
        return None


@transaction.atomic
def refresh_layer(layer: TextLayer, lexicon: Lexicon | None = None) -> LayerMarkerStats:
    """Find the layer's markers afresh and store them, replacing what was stored."""
    lexicon = lexicon or default_lexicon()
    markers = find_markers(layer.text, layer.language, lexicon, include_unflagged=True, conversation=_conversation(layer))
    flagged = [m for m in markers if lexicon.categories[m.category].flagged]
    MarkerFlag.objects.filter(layer=layer).delete()
    MarkerFlag.objects.bulk_create([
        MarkerFlag(layer=layer, start=m.start, end=m.end, text=m.text[:300], category=m.category, rule_id=m.rule_id,
                   rule_version=m.rule_version, lexicon_version=m.lexicon_version, voice=m.voice,
                   speaker=(m.speaker or "")[:255], experimental=m.experimental)
        for m in flagged
    ])
    voices: dict[str, dict[str, int]] = {category: {voice: 0 for voice in VOICES} for category in lexicon.categories}
    for marker in markers:
        voices[marker.category][marker.voice] += 1
    stats, _ = LayerMarkerStats.objects.update_or_create(layer=layer, defaults={
        "lexicon_version": lexicon.version,
        "text_digest": analysis_digest(layer),
        "word_count": word_count(layer.text),
        "counts": count_by_category(markers, lexicon.categories),
        "voices": voices,
    })
    layer.marker_stats = stats
    return stats


def current_markers(layer: TextLayer, lexicon: Lexicon | None = None) -> tuple[LayerMarkerStats, list[MarkerFlag]]:
    """The layer's counts and flags, recomputed first if the text or the lexicon changed."""
    lexicon = lexicon or default_lexicon()
    stats = _stored_stats(layer)
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
    for layer in layers.select_related("marker_stats").iterator(chunk_size=200):
        examined += 1
        if force or not is_current(_stored_stats(layer), layer, lexicon):
            refresh_layer(layer, lexicon)
            refreshed += 1
    return refreshed, examined


def refresh_documents(document_ids) -> tuple[int, int]:
    """Refresh the stale layers of these documents: for bulk writers (imports) that bypass signals."""
    return refresh_layers(TextLayer.objects.filter(document_id__in=list(document_ids)))
