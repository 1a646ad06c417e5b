"""Annotations read from and written as W3C Web Annotation JSON-LD (no database)."""
import datetime as dt

import pytest

from mosaic.annotations.web_annotation import (
    ANNO_CONTEXT,
    MEDIA_FRAGMENTS,
    AnnotationFacts,
    BadAnnotation,
    RegionSelection,
    RegionTarget,
    TextSelection,
    TextTarget,
    annotation_json,
    container_json,
    page_json,
    read_annotation,
)

TEXT = "http://testserver/annotations/documents/doc-1/texts/translation-en"
CANVAS = "http://testserver/iiif/documents/doc-1/canvas/3/1"


def client_annotation(**changes):
    data = {
        "@context": ANNO_CONTEXT, "type": "Annotation", "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "Compare the Hungarian record.", "format": "text/plain", "language": "en"},
        "target": {"source": TEXT, "selector": [{"type": "TextQuoteSelector", "exact": "plenum", "prefix": "The ", "suffix": " met"},
                                                {"type": "TextPositionSelector", "start": 4, "end": 10}]},
    }
    data.update(changes)
    return data


def test_a_passage_annotation_is_read_with_both_selectors():
    proposal = read_annotation(client_annotation())
    assert (proposal.motivation, proposal.body_value, proposal.body_format, proposal.body_language) == (
        "commenting", "Compare the Hungarian record.", "text/plain", "en")
    assert proposal.target == TextSelection(TEXT, "plenum", "The ", " met", 4, 10)


def test_a_region_annotation_is_read_in_either_form():
    fragment = {"source": {"id": CANVAS, "type": "Canvas"},
                "selector": {"type": "FragmentSelector", "conformsTo": MEDIA_FRAGMENTS, "value": "xywh=10,20,100,50"}}
    assert read_annotation(client_annotation(target=fragment)).target == RegionSelection(CANVAS, 10, 20, 100, 50)
    # The IIIF shorthand, and a region in percent of the canvas.
    assert read_annotation(client_annotation(target=f"{CANVAS}#xywh=percent:10,10,50.5,20")).target == RegionSelection(
        CANVAS, 10, 10, 50.5, 20, percent=True)


def test_body_forms_and_html_cleaning():
    data = client_annotation()
    del data["body"]
    data["bodyValue"] = "  A note  "
    assert read_annotation(data).body_value == "A note"
    html = client_annotation(body=[{"type": "TextualBody", "format": "text/html",
                                    "value": '<p>See <a href="javascript:alert(1)">this</a><script>x()</script></p>'}])
    proposal = read_annotation(html)
    assert proposal.body_format == "text/html" and "script" not in proposal.body_value and "javascript" not in proposal.body_value
    assert "See" in proposal.body_value


@pytest.mark.parametrize("changes, message", [
    ({"type": "Note"}, '"type" must be "Annotation"'),
    ({"motivation": "bookmarking"}, 'motivation "bookmarking" is not one of'),
    ({"body": {"type": "TextualBody", "value": "   "}}, "the body is empty"),
    ({"body": {"type": "TextualBody", "value": "<script>x()</script>", "format": "text/html"}}, "once unsafe markup is removed"),
    ({"body": {"type": "Image", "id": "http://example.org/a.png"}}, "must be a TextualBody"),
    ({"body": {"type": "TextualBody", "value": "x", "format": "text/markdown"}}, "must be text/plain or text/html"),
    ({"body": {"type": "TextualBody", "value": "x", "language": "xx"}}, 'language "xx" is not one of'),
    ({"body": {"type": "TextualBody", "value": "x" * 10_001}}, "at most 10000 are kept"),
    ({"body": [{"type": "TextualBody", "value": "a"}, {"type": "TextualBody", "value": "b"}]}, "exactly one, not 2"),
    ({"target": {"source": TEXT}}, "has no selector"),
    ({"target": {"selector": {"type": "TextQuoteSelector", "exact": "a"}}}, "has no source"),
    ({"target": {"source": TEXT, "selector": {"type": "XPathSelector", "value": "/p"}}}, "XPathSelector is not one Mosaic reads"),
    ({"target": {"source": TEXT, "selector": {"type": "TextPositionSelector", "start": 9, "end": 3}}}, "end must be after its start"),
    ({"target": {"source": TEXT, "selector": {"type": "TextPositionSelector", "start": -1, "end": 3}}}, "whole number of 0 or more"),
    ({"target": {"source": TEXT, "selector": {"type": "TextQuoteSelector", "exact": "x" * 2001}}}, "at most 2000 can be annotated"),
    ({"target": f"{CANVAS}#xywh=10,20,0,5"}, "must have a width and a height"),
    ({"target": f"{CANVAS}#xywh=1.5,2,3,4"}, "whole numbers"),
    ({"target": f"{CANVAS}#t=10,20"}, "is not of the form xywh=x,y,w,h"),
    ({"target": CANVAS}, "must name a region"),
])
def test_what_cannot_be_kept_is_refused_in_one_line(changes, message):
    with pytest.raises(BadAnnotation) as refused:
        read_annotation(client_annotation(**changes))
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_an_annotation_is_written_as_web_annotation_json_ld():
    moment = dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    facts = AnnotationFacts("http://testserver/annotations/1", "describing", "a reader", moment, moment, "A note", "text/plain", "",
                            TextTarget(TEXT, "en", "plenum", "The ", " met", 4, 10), "published")
    data = annotation_json(facts)
    assert data["@context"] == ANNO_CONTEXT and data["type"] == "Annotation" and data["created"] == "2024-03-01T12:30:00Z"
    assert data["creator"] == {"type": "Person", "name": "a reader"}
    assert data["body"] == {"type": "TextualBody", "value": "A note", "format": "text/plain"}  # no language given
    assert data["target"]["source"] == {"id": TEXT, "type": "Text", "format": "text/plain", "language": "en"}
    assert data["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "plenum", "prefix": "The ", "suffix": " met"},
                                          {"type": "TextPositionSelector", "start": 4, "end": 10}]
    # An orphaned passage keeps its quote and loses its position.
    orphaned = annotation_json(AnnotationFacts(**{**facts.__dict__, "target": TextTarget(TEXT, "en", "plenum", "", "", None, None)}))
    assert [s["type"] for s in orphaned["target"]["selector"]] == ["TextQuoteSelector"]
    region = annotation_json(AnnotationFacts(**{**facts.__dict__, "target": RegionTarget(CANVAS, "http://testserver/m.json", 1, 2, 3, 4)}),
                             with_context=False)
    assert "@context" not in region
    assert region["target"]["selector"] == {"type": "FragmentSelector", "conformsTo": MEDIA_FRAGMENTS, "value": "xywh=1,2,3,4"}
    # What Mosaic writes, it reads back.
    assert read_annotation(data).target == TextSelection(TEXT, "plenum", "The ", " met", 4, 10)
    assert read_annotation({**region, "type": "Annotation"}).target == RegionSelection(CANVAS, 1, 2, 3, 4)


def test_containers_and_pages():
    moment = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    container = container_json("http://t/c/", "Annotations on X", 3, moment, first="http://t/c/?page=0", last_id="http://t/c/?page=0")
    assert container["type"] == ["BasicContainer", "AnnotationCollection"] and container["total"] == 3
    assert container["@context"] == [ANNO_CONTEXT, "http://www.w3.org/ns/ldp.jsonld"]
    empty = container_json("http://t/c/", "Annotations on X", 0, None, first=None, last_id=None)
    assert "first" not in empty and "last" not in empty and "modified" not in empty
    page = page_json("http://t/c/?page=1", {"id": "http://t/c/"}, ["http://t/a/1"], 100, next_id=None, prev_id="http://t/c/?page=0")
    assert page["startIndex"] == 100 and page["prev"] == "http://t/c/?page=0" and "next" not in page
