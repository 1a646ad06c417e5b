"""Published annotations of page-image regions in the document's IIIF manifest, valid against the
Presentation 3 schema; nothing else of the annotations gets there."""
import pytest
from django.test import Client

from mosaic.annotations.models import Annotation
from mosaic.annotations.tests.conftest import region_annotation, text_annotation
from mosaic.iiif.tests.validation import schema_errors

pytestmark = pytest.mark.django_db

MANIFEST = "/iiif/documents/plenum-report/manifest.json"


def _annotation_pages(manifest: dict) -> dict[str, list[dict]]:
    return {canvas["id"]: [page for page in canvas.get("annotations", []) if page["id"].endswith("/annotations")]
            for canvas in manifest["items"]}


def test_published_regions_are_listed_on_their_canvases(world, post_annotation):
    for data in (region_annotation(world, "xywh=10,20,100,50", "A stamp in the margin."),
                 region_annotation(world, "xywh=0,0,40,40", "<p>A <em>signature</em></p>", canvas=world.canvas(page=2)),
                 region_annotation(world, "xywh=5,5,5,5", "Still private."),
                 text_annotation(world, "Kim Il Sung", "On the text, not the image.")):
        if "signature" in data["body"]["value"]:
            data["body"]["format"] = "text/html"
        assert post_annotation(world.reader, world.container, data).status_code == 201
    Annotation.objects.exclude(body="Still private.").update(state="published")
    made_by_curator = post_annotation(world.curator, world.container,
                                      region_annotation(world, body="On the archive copy.", canvas=world.canvas(world.secret_scan)))
    Annotation.objects.filter(annotation_id=made_by_curator.json()["id"].split("/")[-1]).update(state="published")

    anonymous = Client().get(MANIFEST, headers={"Accept": "application/ld+json"})
    manifest = anonymous.json()
    assert schema_errors(manifest) == []
    assert "public" in anonymous["Cache-Control"]  # published notes on an open scan: the manifest stays shareable
    pages = _annotation_pages(manifest)
    first, second = world.canvas(page=1), world.canvas(page=2)
    assert set(pages) == {first, second}  # the staff-only scan's canvas is not there at all
    (page,) = pages[first]
    assert page["id"] == f"{first}/annotations" and schema_errors(page, "annotationPage") == []
    (note,) = page["items"]
    assert note["motivation"] == "describing" and note["body"]["value"] == "A stamp in the margin."
    assert note["target"]["source"]["id"] == first
    assert note["target"]["selector"] == {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                                          "value": "xywh=10,20,100,50"}
    assert note["id"].startswith("http://testserver/annotations/") and note["creator"] == {"type": "Person", "name": "a reader"}
    assert [item["body"]["format"] for item in pages[second][0]["items"]] == ["text/html"]
    text = anonymous.content.decode()
    assert "Still private." not in text and "On the text, not the image." not in text and "On the archive copy." not in text

    curator = Client()
    curator.force_login(world.curator)
    seen_by_curator = curator.get(MANIFEST).json()
    assert schema_errors(seen_by_curator) == []
    assert [item["body"]["value"] for page in _annotation_pages(seen_by_curator)[world.canvas(world.secret_scan)]
            for item in page["items"]] == ["On the archive copy."]
    assert "Still private." not in curator.get(MANIFEST).content.decode()  # the manifest lists published notes only
