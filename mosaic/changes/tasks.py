"""The background jobs that derive things from documents' texts. Each is idempotent: it computes
from the documents as they are when it runs, so running it twice, or again after its worker was
killed half way, leaves the same result. Arguments are plain ids, so a job survives any edit."""
from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from mosaic.changes.models import PendingAnalysis
from mosaic.changes.service import finish_pending


@task()
def refresh_markers(document_ids: list[int], reason: str) -> int:
    """Recompute the language markers of the documents' layers whose stored markers are not
    current (another text or another lexicon version). Returns how many layers were recomputed."""
    from mosaic.corpus.models import TextLayer
    from mosaic.lens.refresh import is_current, refresh_many, stored_stats
    from mosaic.lib.markers.lexicon import default_lexicon

    started = timezone.now()
    lexicon = default_lexicon()
    layers = TextLayer.objects.filter(document_id__in=document_ids).select_related("marker_stats", "document").order_by("pk")
    refreshed = refresh_many([layer for layer in layers if not is_current(stored_stats(layer), layer, lexicon)], lexicon)
    finish_pending(document_ids, PendingAnalysis.MARKERS, started)
    return refreshed


@task()
def link_names(document_ids: list[int], reason: str) -> int:
    """Refresh the suggested links from names in the documents' public texts to the name
    authority (curators' decisions stay). Returns how many links the documents now have."""
    from mosaic.corpus.models import Document
    from mosaic.entities.linking import link_documents

    started = timezone.now()
    linked = link_documents(Document.objects.filter(pk__in=document_ids).prefetch_related("text_layers"))
    finish_pending(document_ids, PendingAnalysis.NAMES, started)
    return linked


# After the markers and name links: a page renders a citation not kept yet itself, while markers
# not made yet are shown as pending.
@task(priority=-10)
def keep_citations(document_ids: list[int], reason: str) -> int:
    """Render and store the documents' citations (citations/kept.py), so readers' pages find them
    made. Returns how many documents' citations were rendered (current ones are left)."""
    from mosaic.citations.kept import keep_documents

    return keep_documents(document_ids)


@task()
def follow_for_harvesters(document_ids: list[int], reason: str) -> int:
    """Bring the OAI-PMH ledger's rows of these documents up to date (oai/ledger.py): what
    harvesters are shown of them, deletions included. Returns how many documents were looked at."""
    from mosaic.oai.ledger import follow_documents

    follow_documents(document_ids)
    return len(document_ids)
