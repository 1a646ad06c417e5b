"""Annotations as the W3C Web Annotation data model writes them (JSON-LD), and a client's
annotation read back from it. No Django: plain values in, dictionaries out, and a one-line
`BadAnnotation` for anything a client sends that Mosaic cannot keep.

What Mosaic keeps of an annotation: one motivation, one textual body (plain text, or HTML reduced
to the allow-list of `lib/rich_text.py`), and one target, either a passage of a text layer (a
TextQuoteSelector, with a TextPositionSelector where the passage is still found) or a region of a
page image (a FragmentSelector of the Media Fragments `xywh=` form on a IIIF canvas).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from mosaic.lib.rich_text import sanitize_html
from mosaic.lib.vocabularies import LANGUAGES

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"
# Where the annotation's state is said: schema.org's term, which the anno.jsonld context maps.
STATE_TERM = "schema:creativeWorkStatus"

# The W3C motivations a reader's note on an archival document can have. Left out: bookmarking
# and highlighting (no body to keep), moderating (the curators' own act), replying (the target
# is another annotation) and assessing.
# The labels are shown in the reader's language ("Classification" here is not a document's).
MOTIVATIONS = {
    "commenting": pgettext_lazy("annotation motivation", "Comment"),
    "describing": pgettext_lazy("annotation motivation", "Description"),
    "identifying": pgettext_lazy("annotation motivation", "Identification"),
    "tagging": pgettext_lazy("annotation motivation", "Tag"),
    "classifying": pgettext_lazy("annotation motivation", "Classification"),
    "questioning": pgettext_lazy("annotation motivation", "Question"),
    "editing": pgettext_lazy("annotation motivation", "Suggested correction"),
    "linking": pgettext_lazy("annotation motivation", "Link"),
}
BODY_FORMATS = ("text/plain", "text/html")
MAX_BODY = 10_000  # characters of a body
MAX_QUOTE = 2_000  # characters of an annotated passage
MAX_CONTEXT = 200  # characters of a quote's prefix or suffix a client may send


def motivation_name(motivation: str) -> str:
    """A motivation's label in the reader's language (the code itself when it is not one of ours)."""
    return str(MOTIVATIONS.get(motivation, motivation))


_XYWH = re.compile(r"xywh=(?:(pixel|percent):)?(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)")


class BadAnnotation(ValueError):
    """What is wrong with a client's annotation, in one line."""


# --- what a client sends ----------------------------------------------------------------------

@dataclass(frozen=True)
class TextSelection:
    """A passage of a text, as a client selected it: the quote, its position, or both."""
    source: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class RegionSelection:
    """A rectangle on a canvas, in pixels, or in percent of the canvas's width and height."""
    source: str
    x: float
    y: float
    w: float
    h: float
    percent: bool = False


@dataclass(frozen=True)
class Proposal:
    motivation: str
    body_value: str
    body_format: str
    body_language: str
    target: TextSelection | RegionSelection


def _one(value, what: str):
    """A single value where JSON-LD allows a list: a list of one is that one."""
    if isinstance(value, list):
        if len(value) != 1:
            raise BadAnnotation(f"{what}: Mosaic keeps exactly one, not {len(value)}")
        return value[0]
    return value


def _string(value, what: str) -> str:
    if not isinstance(value, str):
        raise BadAnnotation(f"{what} must be a string")
    return value


def _whole_number(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadAnnotation(f"{what} must be a whole number of 0 or more")
    return value


def read_annotation(data) -> Proposal:
    """A client's annotation (parsed JSON) as what Mosaic keeps; BadAnnotation says what is wrong.
    Its `id`, `creator` and dates are the server's to give, and are ignored."""
    if not isinstance(data, dict):
        raise BadAnnotation("the annotation must be a JSON object")
    kinds = data.get("type")
    if kinds != "Annotation" and not (isinstance(kinds, list) and "Annotation" in kinds):
        raise BadAnnotation('"type" must be "Annotation"')
    motivation = _string(_one(data.get("motivation", "commenting"), "motivation"), "motivation")
    if motivation.startswith("oa:"):
        motivation = motivation[3:]
    if motivation not in MOTIVATIONS:
        raise BadAnnotation(f'motivation "{motivation[:40]}" is not one of: {", ".join(MOTIVATIONS)}')
    value, body_format, language = _body(data)
    if "target" not in data:
        raise BadAnnotation("the annotation has no target")
    return Proposal(motivation, value, body_format, language, _target(_one(data["target"], "target")))


def _body(data: dict) -> tuple[str, str, str]:
    if "bodyValue" in data and "body" in data:
        raise BadAnnotation('give either "body" or "bodyValue", not both')
    if "bodyValue" in data:
        body = {"type": "TextualBody", "value": data["bodyValue"]}
    elif "body" in data:
        body = _one(data["body"], "body")
    else:
        raise BadAnnotation("the annotation has no body: say something about the passage or region")
    if not isinstance(body, dict) or body.get("type") != "TextualBody":
        raise BadAnnotation('the body must be a TextualBody ({"type": "TextualBody", "value": "..."})')
    value = _string(body.get("value"), "the body's value")
    body_format = body.get("format", "text/plain")
    if body_format not in BODY_FORMATS:
        raise BadAnnotation(f'the body\'s format must be text/plain or text/html, not "{str(body_format)[:40]}"')
    if len(value) > MAX_BODY:
        raise BadAnnotation(f"the body is {len(value)} characters long; at most {MAX_BODY} are kept")
    value = sanitize_html(value) if body_format == "text/html" else value.strip()
    if not value.strip():
        raise BadAnnotation("the body is empty" + (" once unsafe markup is removed" if body_format == "text/html" else ""))
    language = body.get("language", "")
    if language and language not in LANGUAGES:
        raise BadAnnotation(f'the body\'s language "{str(language)[:20]}" is not one of: {", ".join(sorted(LANGUAGES))}')
    return value, body_format, language


def _source(target: dict) -> str:
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str) or not source:
        raise BadAnnotation("the target has no source (the IRI of a text or a canvas)")
    return source


def _target(target) -> TextSelection | RegionSelection:
    if isinstance(target, str):  # the IIIF shorthand: a canvas with its region
        source, _, fragment = target.partition("#")
        if not fragment:
            raise BadAnnotation("a target given as an IRI must name a region (canvas#xywh=x,y,w,h)")
        return _region(source, fragment)
    if not isinstance(target, dict):
        raise BadAnnotation("the target must be an object or an IRI")
    source = _source(target)
    selectors = target.get("selector")
    if selectors is None:
        raise BadAnnotation("the target has no selector: say which passage or region is annotated")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type: dict[str, dict] = {}
    for selector in selectors:
        if not isinstance(selector, dict) or not isinstance(selector.get("type"), str):
            raise BadAnnotation("each selector must be an object with a type")
        if selector["type"] in by_type:
            raise BadAnnotation(f"the target has more than one {selector['type']}")
        by_type[selector["type"]] = selector
    if "FragmentSelector" in by_type:
        if len(by_type) > 1:
            raise BadAnnotation("a region's target has its FragmentSelector alone")
        fragment = by_type["FragmentSelector"]
        conforms = _string(fragment.get("conformsTo", MEDIA_FRAGMENTS), "the FragmentSelector's conformsTo")
        if conforms.rstrip("/") != MEDIA_FRAGMENTS.rstrip("/"):
            raise BadAnnotation(f"a FragmentSelector must conform to {MEDIA_FRAGMENTS}")
        return _region(source, _string(fragment.get("value"), "the FragmentSelector's value"))
    unknown = set(by_type) - {"TextQuoteSelector", "TextPositionSelector"}
    if unknown:
        raise BadAnnotation(f"selector type {sorted(unknown)[0][:40]} is not one Mosaic reads "
                            "(TextQuoteSelector, TextPositionSelector, FragmentSelector)")
    return _text_selection(source, by_type.get("TextQuoteSelector"), by_type.get("TextPositionSelector"))


def _text_selection(source: str, quote: dict | None, position: dict | None) -> TextSelection:
    exact, prefix, suffix, start, end = None, "", "", None, None
    if quote is not None:
        exact = _string(quote.get("exact"), "the TextQuoteSelector's exact")
        prefix = _string(quote.get("prefix", ""), "the TextQuoteSelector's prefix")[-MAX_CONTEXT:]
        suffix = _string(quote.get("suffix", ""), "the TextQuoteSelector's suffix")[:MAX_CONTEXT]
        if not exact.strip():
            raise BadAnnotation("the quoted passage is empty")
        if len(exact) > MAX_QUOTE:
            raise BadAnnotation(f"the quoted passage is {len(exact)} characters long; at most {MAX_QUOTE} can be annotated")
    if position is not None:
        start = _whole_number(position.get("start"), "the TextPositionSelector's start")
        end = _whole_number(position.get("end"), "the TextPositionSelector's end")
        if end <= start:
            raise BadAnnotation("the TextPositionSelector's end must be after its start")
        if end - start > MAX_QUOTE:
            raise BadAnnotation(f"the passage is {end - start} characters long; at most {MAX_QUOTE} can be annotated")
    return TextSelection(source, exact, prefix, suffix, start, end)


def _region(source: str, fragment: str) -> RegionSelection:
    match = _XYWH.fullmatch(fragment.strip())
    if not match:
        raise BadAnnotation(f'the region "{fragment[:60]}" is not of the form xywh=x,y,w,h (Media Fragments)')
    unit, *numbers = match.groups()
    x, y, w, h = map(float, numbers)
    percent = unit == "percent"
    if not percent and not all(number.isdigit() for number in numbers):
        raise BadAnnotation("a region in pixels is given in whole numbers")
    if w <= 0 or h <= 0:
        raise BadAnnotation("the region must have a width and a height")
    return RegionSelection(source, x, y, w, h, percent)


# --- what Mosaic answers ----------------------------------------------------------------------

@dataclass(frozen=True)
class TextTarget:
    source: str  # the IRI of the text layer
    language: str
    exact: str
    prefix: str
    suffix: str
    start: int | None  # None: the passage is no longer in the text (orphaned)
    end: int | None


@dataclass(frozen=True)
class RegionTarget:
    canvas: str
    manifest: str
    x: int
    y: int
    w: int
    h: int

    @property
    def fragment(self) -> str:
        return f"xywh={self.x},{self.y},{self.w},{self.h}"


@dataclass(frozen=True)
class AnnotationFacts:
    id: str
    motivation: str
    creator: str  # a name to show, never an address
    created: dt.datetime
    modified: dt.datetime
    body_value: str
    body_format: str
    body_language: str
    target: TextTarget | RegionTarget
    state: str


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def body_json(facts: AnnotationFacts) -> dict:
    body = {"type": "TextualBody", "value": facts.body_value, "format": facts.body_format}
    if facts.body_language:
        body["language"] = facts.body_language
    return body


def target_json(target: TextTarget | RegionTarget) -> dict:
    if isinstance(target, RegionTarget):
        return {"type": "SpecificResource",
                "source": {"id": target.canvas, "type": "Canvas", "partOf": [{"id": target.manifest, "type": "Manifest"}]},
                "selector": {"type": "FragmentSelector", "conformsTo": MEDIA_FRAGMENTS, "value": target.fragment}}
    selectors = [{"type": "TextQuoteSelector", "exact": target.exact, "prefix": target.prefix, "suffix": target.suffix}]
    if target.start is not None:
        selectors.append({"type": "TextPositionSelector", "start": target.start, "end": target.end})
    return {"type": "SpecificResource",
            "source": {"id": target.source, "type": "Text", "format": "text/plain", "language": target.language},
            "selector": selectors}


def annotation_json(facts: AnnotationFacts, *, with_context: bool = True) -> dict:
    """One annotation; without its @context when it sits inside a page or a manifest that gives one."""
    data = {"@context": ANNO_CONTEXT} if with_context else {}
    data.update({
        "id": facts.id,
        "type": "Annotation",
        "motivation": facts.motivation,
        "creator": {"type": "Person", "name": facts.creator},
        "created": timestamp(facts.created),
        "modified": timestamp(facts.modified),
        STATE_TERM: facts.state,
        "body": body_json(facts),
        "target": target_json(facts.target),
    })
    return data


def page_json(page_id: str, container: dict, items: list, start_index: int, *, next_id: str | None,
              prev_id: str | None, with_context: bool = True) -> dict:
    """An AnnotationPage of a container: `items` are annotations (without context) or their IRIs;
    `container` is what the page says of its collection (id, total, modified)."""
    data = {"@context": ANNO_CONTEXT} if with_context else {}
    data.update({"id": page_id, "type": "AnnotationPage", "partOf": container, "startIndex": start_index})
    if next_id:
        data["next"] = next_id
    if prev_id:
        data["prev"] = prev_id
    data["items"] = items
    return data


def container_json(container_id: str, label: str, total: int, modified: dt.datetime | None, *,
                   first: dict | str | None, last_id: str | None) -> dict:
    """The document's annotation container: an LDP basic container and an AnnotationCollection,
    with its first page embedded (a dict) or referred to (an IRI), and its last page's IRI."""
    data = {"@context": [ANNO_CONTEXT, LDP_CONTEXT], "id": container_id, "type": ["BasicContainer", "AnnotationCollection"],
            "label": label, "total": total}
    if modified is not None:
        data["modified"] = timestamp(modified)
    if first is not None:
        data["first"] = first
    if last_id is not None:
        data["last"] = last_id
    return data
