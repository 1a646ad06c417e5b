"""IIIF Content Search 2.0 over a document's machine-read text: which words of which page image
match a query, with their boxes on the canvas, so that a viewer can mark them on the image.

The query is read as the search page reads it (mosaic/lib/search_query.py): words, "phrases in
quotes", prefixes (Puzan*), Korean and Chinese as substrings, and a name the authority knows
confidently stands for all its renderings ("Kim Il Sung" finds "Ким Ир Сен"). Each word or phrase
is looked for on its own, so every occurrence of any of them is a hit; excluded words (-Stalin)
mean nothing inside one document and are left out. Matching folds case and diacritics
(lib/text_folding.py).

Only the OCR pages the reader may read are searched (manifest.readable_ocr_pages: the files the
reader may see, and the OCR layers they may read). Pages read before Mosaic kept word boxes are
searched too; their hits target the whole canvas, with the words and their context, no box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from mosaic.common.numbers import parse_number
from mosaic.corpus import access
from mosaic.iiif import derivatives
from mosaic.iiif.manifest import canvas_id, readable_ocr_pages, search_service_id
from mosaic.lib.search_query import Term
from mosaic.lib.text_folding import fold
from mosaic.ocr import word_boxes
from mosaic.search.query import read_query

SEARCH_CONTEXT = "http://iiif.io/api/search/2/context.json"
MOTIVATION = "supplementing"  # as the OCR text's annotations in the manifest
HITS_PER_PAGE = 200
CONTEXT_WORDS = 6  # before and after a hit, for a snippet
# Parameters the specification defines that Mosaic does not implement: OCR text has no creation
# date or creator of its own. They are ignored and reported as the specification asks.
NOT_IMPLEMENTED = ("date", "user")

_TOKEN = re.compile(r"\w+")


class BadSearch(ValueError):
    """The request cannot be answered; the message says why, in one line."""


@dataclass(frozen=True)
class PageWord:
    text: str
    box: tuple[int, int, int, int] | None  # on the canvas; None when the page has no word boxes
    line: int


class SearchablePage:
    """One OCR page on its canvas. Its words are made (boxes scaled to the canvas) only where a
    hit needs them: a 400-page microfilm holds some 200,000 words, and a search shows a few."""

    def __init__(self, canvas_id: str, language: str, ocr, canvas_size: tuple[int, int]):
        self.canvas_id, self.language = canvas_id, language
        try:
            self._stored = word_boxes.read(ocr.words)
        except word_boxes.DamagedWordBoxes:
            self._stored = None  # searched as text, like a page read before boxes were kept
        self.texts = self._stored.texts if self._stored else ocr.text.split()
        self._canvas_size = canvas_size
        # Folded once for the whole page, to pass over pages without the words at once.
        self.folded = fold("\n".join(self.texts))

    def word(self, position: int) -> PageWord:
        if self._stored is None:
            return PageWord(self.texts[position], None, 0)
        w = self._stored.word(position)
        return PageWord(w.text, word_boxes.scaled((w.left, w.top, w.width, w.height), self._stored.size, self._canvas_size), w.line)

    def tokens(self) -> list[tuple[str, int]]:
        """The page's folded words, each with the position of the word it is in."""
        return [(token, position) for position, word in enumerate(self.folded.split("\n")) for token in _TOKEN.findall(word)]


@dataclass(frozen=True)
class Hit:
    page: SearchablePage
    first: int  # index of its first and last word on the page
    last: int

    @property
    def words(self) -> list[PageWord]:
        return [self.page.word(position) for position in range(self.first, self.last + 1)]


@dataclass(frozen=True)
class SearchRequest:
    text: str
    motivations: tuple[str, ...]
    page: int
    ignored: tuple[str, ...]

    @classmethod
    def from_params(cls, params) -> "SearchRequest":
        page = params.get("page", "1")
        number = parse_number(page)
        if number is None or number < 1:
            raise BadSearch(f"page must be a whole number from 1, not “{page[:20]}”")
        return cls(text=params.get("q", ""), motivations=tuple(params.get("motivation", "").split()), page=number,
                   ignored=tuple(name for name in NOT_IMPLEMENTED if name in params))


def searchable_pages(document, user, base_url: str) -> tuple[list[SearchablePage], bool]:
    """The OCR pages of the document the reader may read, in the manifest's canvas order, with
    their words' boxes on the canvas; and whether all of it is open to anyone."""
    files = access.visible_files(document, user)
    ocr_pages, public = readable_ocr_pages(document, user, files, with_words=True)
    pages = []
    for item in files:
        try:
            sizes = derivatives.page_sizes(item.stored_file)
        except derivatives.PageImageUnavailable:
            continue  # the manifest leaves such a file out, so there is no canvas to point at
        public = public and item.is_open_to_public()
        for number, size in enumerate(sizes, start=1):
            for ocr in ocr_pages.get((item.stored_file_id, number), []):
                pages.append(SearchablePage(canvas_id(base_url, document.public_id, item.pk, number), ocr.language, ocr,
                                            (size.width, size.height)))
    return pages, public


def parse(text: str) -> tuple[Term, ...]:
    """The terms to look for, read as the search page reads them; QueryTooLarge (a ValueError)
    past the search page's limits."""
    return read_query(text).required


def find_hits(pages: list[SearchablePage], terms: tuple[Term, ...]) -> list[Hit]:
    """Every place on these pages where a term is written, in page and reading order; a place
    two terms both match is one hit."""
    hits: dict[tuple[int, int, int], Hit] = {}
    for index, page in enumerate(pages):
        present = [term for term in terms if any(piece in page.folded for piece in _pieces(term))]
        if not present:
            continue
        tokens = page.tokens()
        for term in present:
            for first, last in _matches(term, tokens):
                hits.setdefault((index, first, last), Hit(page, first, last))
    return [hits[key] for key in sorted(hits)]


def _pieces(term: Term) -> list[str]:
    """Text that must be on a page for the term to match there (its phrases' first words)."""
    if term.cjk:
        return [fold(term.words[0])[:1]]
    firsts = [_TOKEN.findall(fold(" ".join(phrase)))[:1] for phrase in (term.words, *term.alternatives)]
    return [first[0] for first in firsts if first]


def _matches(term: Term, tokens: list[tuple[str, int]]):
    """(first word, last word) of each place the term matches in a page's folded tokens."""
    if term.cjk:
        # Korean and Chinese: a substring of the page's text with its spaces taken out, since
        # Tesseract may cut a word of these scripts into single characters.
        joined, owner = "", []
        for token, position in tokens:
            joined += token
            owner += [position] * len(token)
        wanted = fold("".join(term.words))
        start = joined.find(wanted)
        while wanted and start >= 0:
            yield owner[start], owner[start + len(wanted) - 1]
            start = joined.find(wanted, start + 1)
        return
    for phrase in (term.words, *term.alternatives):
        wanted = [token for word in phrase for token in _TOKEN.findall(fold(word))]
        if not wanted:
            continue
        for start in range(len(tokens) - len(wanted) + 1):
            if all(_token_matches(tokens[start + k][0], want, term.prefix and k == len(wanted) - 1)
                   for k, want in enumerate(wanted)):
                yield tokens[start][1], tokens[start + len(wanted) - 1][1]


def _token_matches(token: str, wanted: str, prefix: bool) -> bool:
    return token.startswith(wanted) if prefix else token == wanted


def annotation_page(hits: list[Hit], request: SearchRequest, base_url: str, public_id: str) -> dict:
    """The search's answer: an AnnotationPage of the hits' words (`supplementing`, targeting
    canvas#xywh=), with a `contextualizing` annotation per hit giving its words in context."""
    service = search_service_id(base_url, public_id)
    asked = {"q": request.text, **({"motivation": " ".join(request.motivations)} if request.motivations else {})}
    collection_id = f"{service}?{urlencode(asked)}"
    if request.motivations and MOTIVATION not in request.motivations:
        hits = []  # the OCR text is a supplementing annotation, and nothing else is searched
    pages = max(1, -(-len(hits) // HITS_PER_PAGE))
    if request.page > pages:
        raise BadSearch(f"there are {pages} page(s) of results, not {request.page}")
    start = (request.page - 1) * HITS_PER_PAGE
    shown = hits[start:start + HITS_PER_PAGE]

    def page_id(number: int) -> str:
        return f"{collection_id}&page={number}"

    items, contexts = {}, []
    for hit in shown:
        pieces = [_annotation(hit.page, group) for group in _by_line(hit)]
        for piece in pieces:  # hits that overlap may share a line's words: each annotation once
            items.setdefault(piece["id"], piece)
        contexts.append(_context(hit, pieces))
    answer = {
        "@context": SEARCH_CONTEXT,
        "id": page_id(request.page) if pages > 1 else collection_id,
        "type": "AnnotationPage",
    }
    if pages > 1:
        answer["partOf"] = {"id": collection_id, "type": "AnnotationCollection", "total": len(hits),
                            "first": {"id": page_id(1), "type": "AnnotationPage"},
                            "last": {"id": page_id(pages), "type": "AnnotationPage"}}
        if request.page < pages:
            answer["next"] = {"id": page_id(request.page + 1), "type": "AnnotationPage"}
        if request.page > 1:
            answer["prev"] = {"id": page_id(request.page - 1), "type": "AnnotationPage"}
        answer["startIndex"] = start
    if request.ignored:
        answer["ignored"] = list(request.ignored)
    answer["items"] = list(items.values())
    if contexts:
        answer["annotations"] = [{"id": f"{answer['id']}#context", "type": "AnnotationPage", "items": contexts}]
    return answer


def _by_line(hit: Hit) -> list[list[tuple[int, PageWord]]]:
    """The hit's words, one group per line, so a phrase broken over two lines gets two boxes
    rather than one spanning both lines' width."""
    groups: list[list[tuple[int, PageWord]]] = []
    for position, word in enumerate(hit.words, start=hit.first):
        if groups and (word.box is None or groups[-1][-1][1].line == word.line):
            groups[-1].append((position, word))
        else:
            groups.append([(position, word)])
    return groups


def _annotation(page: SearchablePage, group: list[tuple[int, PageWord]]) -> dict:
    first, last = group[0][0], group[-1][0]
    words = [word for _, word in group]
    if words[0].box is None:
        annotation_id, target = f"{page.canvas_id}/ocr/{page.language}/text/{first}-{last}", page.canvas_id
    else:
        box = word_boxes.union([word_boxes.Word(w.text, *w.box, 0, w.line) for w in words])
        annotation_id = f"{page.canvas_id}/ocr/{page.language}/words/{first}-{last}"
        target = f"{page.canvas_id}#xywh={box[0]},{box[1]},{box[2]},{box[3]}"
    return {"id": annotation_id, "type": "Annotation", "motivation": MOTIVATION,
            "body": {"type": "TextualBody", "value": " ".join(w.text for w in words), "format": "text/plain",
                     "language": page.language},
            "target": target}


def _context(hit: Hit, pieces: list[dict]) -> dict:
    texts = hit.page.texts
    before = " ".join(texts[max(0, hit.first - CONTEXT_WORDS):hit.first])
    after = " ".join(texts[hit.last + 1:hit.last + 1 + CONTEXT_WORDS])
    targets = []
    for number, piece in enumerate(pieces):
        selector = {"type": "TextQuoteSelector"}
        if number == 0 and before:
            selector["prefix"] = before + " "
        selector["exact"] = piece["body"]["value"]
        if number == len(pieces) - 1 and after:
            selector["suffix"] = " " + after
        targets.append({"type": "SpecificResource", "source": piece["id"], "selector": [selector]})
    page = hit.page
    return {"id": f"{page.canvas_id}/ocr/{page.language}/match/{hit.first}-{hit.last}", "type": "Annotation",
            "motivation": "contextualizing",
            "target": targets[0] if len(targets) == 1 else targets}
