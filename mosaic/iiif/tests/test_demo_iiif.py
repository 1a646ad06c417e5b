"""The demo's IIIF as a viewer elsewhere meets it: every manifest valid against the Presentation 3
schema, every image service keeping the Image API 3 level 0 rules with each advertised size served
at its pixel size, and a content search finding a Russian word of the demo scan with its box,
read by the real Tesseract (`make test` installs it)."""
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from PIL import Image, ImageOps

from mosaic.archives.seed import load_repositories
from mosaic.corpus.models import Document
from mosaic.entities.authority import load_shipped_authority
from mosaic.ingest.demo import DEMO_FILES, SCANNED_DEMO_DOCUMENT
from mosaic.ingest.pipeline import ingest_file
from mosaic.iiif.manifest import build_manifest
from mosaic.iiif.tests.validation import level0_problems, schema_errors
from mosaic.ocr.engine import find_tesseract
from mosaic.ocr.runner import run_ocr
from mosaic.ocr.word_boxes import read
from mosaic.preservation.models import OcrPage
from mosaic.search.index import get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_records(tmp_path, settings):
    """The demo's records (all of its documents; its collections and authority add nothing to a
    manifest), with its scan read by OCR."""
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    get_backend().clear()
    load_repositories()
    for path in DEMO_FILES:
        report = ingest_file(path, progress=False)
        assert report.ok, report.errors
    report = run_ocr(Document.objects.filter(public_id=SCANNED_DEMO_DOCUMENT), progress=False)
    assert not report.failed, report.summary()


def test_the_demo_keeps_the_iiif_rules_and_its_scan_is_searchable_word_by_word(client, demo_records, staff_member):
    # Every manifest as the route makes it (built straight, the 140 requests were most of the
    # test's time): the public's, and the rest of the demo as staff see it.
    public = set(Document.objects.public().values_list("pk", flat=True))
    curator = staff_member("Curator")
    canvases = []
    for document in Document.objects.order_by("public_id"):
        reader = AnonymousUser() if document.pk in public else curator
        manifest = json.loads(build_manifest(document, reader, "http://testserver").json())
        assert schema_errors(manifest) == [], document.public_id
        canvases += manifest["items"]
    assert len(public) > 100 and len(canvases) == 2  # the demo's one scan, of two pages
    assert client.get(f"/iiif/documents/{SCANNED_DEMO_DOCUMENT}/manifest.json").json()["items"] == canvases[:2]
    for canvas in canvases:
        service = canvas["items"][0]["items"][0]["body"]["service"][0]["id"].removeprefix("http://testserver")
        assert level0_problems(client, f"{service}/info.json", canvas) == []

    # A content search finds a Russian word of the scan with its box (one test: the demo's OCR
    # is the slow part, done once).
    assert all(read(page.words).texts for page in OcrPage.objects.all())  # boxes kept for every page read
    manifest = client.get(f"/iiif/documents/{SCANNED_DEMO_DOCUMENT}/manifest.json").json()
    (service,) = manifest["service"]
    answer = client.get(service["id"].removeprefix("http://testserver"), {"q": "пхеньян"}).json()
    # "г. Пхеньян, 2 октября 1956 г." heads the first page; the word's other forms are not this word.
    (item,) = answer["items"]
    target, box = item["target"].split("#xywh=")
    assert target == manifest["items"][0]["id"] and item["body"]["value"].startswith("Пхеньян")
    x, y, width, height = map(int, box.split(","))
    assert 0 < height < 120 and width > 2 * height  # one line's height, a long word's width
    # What the box holds on the page image a reader sees is the word itself, read again.
    image = client.get(manifest["items"][0]["items"][0]["items"][0]["body"]["id"].removeprefix("http://testserver"))
    with Image.open(io.BytesIO(b"".join(image.streaming_content))) as page:
        crop = ImageOps.expand(page.convert("L").crop((x, y, x + width, y + height)), border=20, fill=255)
    assert "Пхеньян" in find_tesseract(["rus"]).read(crop, "rus").text

    # A name the authority knows is found under its renderings, as on the search page.
    load_shipped_authority()
    answer = client.get(service["id"].removeprefix("http://testserver"), {"q": "Kim Il Sung"}).json()
    found = [context["target"]["selector"][0]["exact"] for context in answer["annotations"][0]["items"]]
    assert found == ["Ким Ир Сен", "Ким Ир Сен,"]  # on each page, as one phrase
