"""A document's citations, rendered once and kept.

The document page and the API give a document's citation in every style, and citeproc-py takes
milliseconds for the two Chicago ones, the largest part of a fresh document page. A citation only
changes when what it is made of changes, so the key is a digest of the whole `Citable` (every
fact a citation reads) and of `styles_version()`: a kept text is always the one those facts would
render now, no change has to forget anything, and a reader can only be given a citation of facts
they were shown themselves (one made for staff of a document with a withheld title is kept under
a key made from that title).

Two places keep them. A background job (`keep_documents`, queued by the change service with the
other derived work) stores each document's citations in the database (`KeptCitation`), so a
reader's page finds them made; whatever it has not made yet (a new rendering of the facts, a
document changed a moment ago, staff's view of a withheld one) is rendered on the page and kept in
the cache every process shares.

The page's address is the one fact that depends on how the reader reached the archive (the host
of the request), so it is kept as a placeholder and the reader's own address put in its place:
one rendering serves every host.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable

from django.core.cache import caches
from django.db.models import Q

from mosaic.citations.citable import Citable
from mosaic.citations.formats import STYLES, archive_citation, chicago_note_and_bib, styles_version
from mosaic.common.page_cache import FRAGMENTS

KEEP_SECONDS = 30 * 24 * 3600  # never stale (see above); the time only lets unread ones go
# Where the archive's address goes in a kept citation (".invalid" is reserved: no real address has it).
PLACEHOLDER_BASE = "https://archive-address.invalid"


def _key(citable: Citable) -> str:
    facts = json.dumps(dataclasses.asdict(citable), sort_keys=True, default=str, ensure_ascii=False)
    return f"citations:{styles_version()}:{hashlib.sha256(facts.encode('utf-8', 'surrogatepass')).hexdigest()}"


def _portable(citable: Citable) -> tuple[Citable, str | None]:
    """The citable with the archive's address in its URL replaced by the placeholder, and that
    address; the citable itself and None when its URL is not a document page's address."""
    path = f"/documents/{citable.public_id}/"
    base = citable.url[:-len(path)] if citable.url.endswith(path) else ""
    if "://" not in base or PLACEHOLDER_BASE in citable.url:
        return citable, None
    return dataclasses.replace(citable, url=PLACEHOLDER_BASE + path), base


def _render(citable: Citable) -> dict[str, str]:
    note, bib = chicago_note_and_bib(citable)
    return {"archive": archive_citation(citable), "chicago-note": note, "chicago-bib": bib}


def citations(citable: Citable) -> dict[str, str]:
    """{style: text} for every style in formats.STYLES."""
    from mosaic.citations.models import KeptCitation

    portable, base = _portable(citable)
    key = _key(portable)
    kept = KeptCitation.objects.filter(key=key).values_list("texts", flat=True).first()
    if kept is None:
        kept = caches[FRAGMENTS].get(key)
    if kept is None:
        kept = _render(portable)
        caches[FRAGMENTS].set(key, kept, KEEP_SECONDS)
    if base is None:
        return {style: kept[style] for style in STYLES}
    return {style: kept[style].replace(PLACEHOLDER_BASE, base) for style in STYLES}


def keep_documents(document_ids: Iterable[int]) -> int:
    """Store the citations of these documents as their facts now render them. Idempotent: a
    document whose kept citations are current is left as it is. A fixed number of statements
    whatever the number of documents (an import runs this for every batch it writes).
    Returns how many were rendered."""
    from mosaic.citations.build import citable_from_document, citable_parts
    from mosaic.citations.models import KeptCitation
    from mosaic.corpus.models import Document

    documents = Document.objects.filter(pk__in=set(document_ids)).prefetch_related(*citable_parts())
    kept = dict(KeptCitation.objects.filter(document__in=documents).values_list("document_id", "key"))
    made = []
    for document in documents:
        portable, _ = _portable(citable_from_document(document))
        key = _key(portable)
        if kept.get(document.pk) != key:
            made.append(KeptCitation(document=document, key=key, texts=_render(portable)))
    if made:
        # The documents' old rows, and any other document's row under a new key (public ids exchanged).
        KeptCitation.objects.filter(Q(document__in=[row.document_id for row in made]) | Q(key__in=[row.key for row in made])).delete()
        KeptCitation.objects.bulk_create(made)
    return len(made)
