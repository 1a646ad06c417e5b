"""A document's citations, rendered once and kept in the cache every process shares.

The document page and the API give a document's citation in every style, and citeproc-py takes
tens of milliseconds for the two Chicago ones. Anonymous readers' pages are kept whole
(common/page_cache.py), but every write to the archive forgets them all; a citation only changes
when what it is made of changes. So the key is a digest of the whole `Citable` (every fact a
citation reads, the page's address included) and of `styles_version()`: a kept text is always
the one those facts would render now, no change has to forget anything, and a reader can only
be given a citation of facts they were shown themselves (one made for staff of a document with a
withheld title is kept under a key made from that title).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json

from django.core.cache import caches

from mosaic.citations.citable import Citable
from mosaic.citations.formats import STYLES, archive_citation, chicago_note_and_bib, styles_version
from mosaic.common.page_cache import FRAGMENTS
KEEP_SECONDS = 30 * 24 * 3600  # never stale (see above); the time only lets unread ones go


def _key(citable: Citable) -> str:
    facts = json.dumps(dataclasses.asdict(citable), sort_keys=True, default=str, ensure_ascii=False)
    return f"citations:{styles_version()}:{hashlib.sha256(facts.encode('utf-8', 'surrogatepass')).hexdigest()}"


def citations(citable: Citable) -> dict[str, str]:
    """{style: text} for every style in formats.STYLES."""
    key = _key(citable)
    kept = caches[FRAGMENTS].get(key)
    if kept is None:
        note, bib = chicago_note_and_bib(citable)
        kept = {"archive": archive_citation(citable), "chicago-note": note, "chicago-bib": bib}
        caches[FRAGMENTS].set(key, kept, KEEP_SECONDS)
    return {style: kept[style] for style in STYLES}
