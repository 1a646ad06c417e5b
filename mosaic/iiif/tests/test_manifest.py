import json

import pytest
from iiif_prezi3 import Manifest

from mosaic.corpus.models import Document, TextLayer
from mosaic.iiif.tests.conftest import attach, typescript_pages
from mosaic.iiif.tests.validation import schema_errors
from mosaic.preservation.models import OcrPage

pytestmark = pytest.mark.django_db

URL = "/iiif/documents/ru-1956-plenum/manifest.json"


def _ocr_texts(canvas):
    return [(item["label"]["en"][0], item["body"]["language"], item["body"]["value"])
            for page in canvas.get("annotations", []) for item in page["items"] if item["motivation"] == "supplementing"]


def test_the_manifest_is_valid_presentation_3_with_a_canvas_per_page(client, scanned):
    document, scan, _ = scanned
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    Manifest(**{key: value for key, value in data.items() if key != "@context"})  # the schema accepts it back
    assert schema_errors(data) == []  # and so does the IIIF validator's JSON schema
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert (data["type"], data["id"]) == ("Manifest", f"http://testserver{URL}")
    assert data["label"] == {"en": ["Report on the August plenum"]}
    # The interface's words come in each language of the interface (a IIIF language map).
    assert {"label": {"en": ["Date"], "ko": ["날짜"]}, "value": {"none": ["September 1956"]}} in data["metadata"]
    assert data["requiredStatement"]["value"] == {"en": [document.rights]}
    assert data["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert data["homepage"][0]["id"] == "http://testserver/documents/ru-1956-plenum/"

    canvases = data["items"]
    assert len(canvases) == scan.stored_file.page_count == 2  # the staff-only scan is not the public's
    second = canvases[1]
    assert second["label"] == {"en": ["Original, ll. 44–45, page 2 of 2"], "ko": ["Original, ll. 44–45, 2페이지 중 2페이지"]}
    assert (second["width"], second["height"]) == (600, 800)
    painting = second["items"][0]["items"][0]
    assert (painting["motivation"], painting["target"]) == ("painting", second["id"])
    service = f"http://testserver/iiif/image/{scan.stored_file.sha256}/2"
    assert painting["body"]["id"] == f"{service}/full/max/0/default.jpg"
    assert painting["body"]["service"] == [{"id": service, "type": "ImageService3", "profile": "level0"}]
    assert second["thumbnail"][0]["id"] == f"{service}/full/200,267/0/default.jpg"
    assert client.get(second["thumbnail"][0]["id"].removeprefix("http://testserver")).status_code == 200
    assert _ocr_texts(second) == [("Machine-read (OCR), confidence 79%", "ru", "Вторая страница: Ким Ир Сен")]
    assert second["annotations"][0]["items"][0]["generator"] == {"type": "Software", "name": "Tesseract 5.3.0 (rus)"}

    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(URL, HTTP_ACCEPT="application/ld+json")["Content-Type"].startswith("application/ld+json;profile=")


def test_ocr_text_is_there_only_when_the_reader_may_see_the_ocr_layer(client, scanned, staff_member):
    document, _, _ = scanned
    document.text_layers.filter(kind="ocr").update(access="staff")
    data = client.get(URL).json()
    assert all(not _ocr_texts(canvas) for canvas in data["items"])
    assert "Ким Ир Сен" not in json.dumps(data, ensure_ascii=False)

    client.force_login(staff_member("Curator"))
    response = client.get(URL)
    texts = [_ocr_texts(canvas) for canvas in response.json()["items"]]
    assert texts[0] == [("Machine-read (OCR), confidence 91%", "ru", "Пленум ЦК ТПК первая страница")]
    assert "Access-Control-Allow-Origin" not in response and "private" in response["Cache-Control"]


def test_ocr_pages_in_a_language_without_a_layer_are_left_out(client, scanned):
    _, scan, _ = scanned
    OcrPage.objects.create(stored_file=scan.stored_file, page=1, language="ko", engine="Tesseract", text="조선", confidence=40)
    assert "조선" not in client.get(URL).content.decode()
    TextLayer.objects.filter(kind="ocr").delete()
    assert all(not _ocr_texts(canvas) for canvas in client.get(URL).json()["items"])


def test_staff_see_restricted_files_and_draft_documents(client, scanned, staff_member):
    _, _, secret = scanned
    draft = Document.objects.create(public_id="draft-doc", title="Draft report", status="draft")
    attach(draft, typescript_pages(["draft page"], fmt="PNG"), "draft.png")
    assert client.get("/iiif/documents/draft-doc/manifest.json").status_code == 404
    assert client.get("/iiif/documents/no-such-doc/manifest.json").status_code == 404
    client.force_login(staff_member("Researcher"))
    assert client.get("/iiif/documents/draft-doc/manifest.json").status_code == 404

    client.force_login(staff_member("Curator"))
    canvases = client.get(URL).json()["items"]
    assert len(canvases) == 3 and canvases[2]["label"] == {"en": ["Archive copy"]}
    assert secret.stored_file.sha256 in canvases[2]["items"][0]["items"][0]["body"]["id"]
    draft_manifest = client.get("/iiif/documents/draft-doc/manifest.json")
    assert draft_manifest.status_code == 200 and len(draft_manifest.json()["items"]) == 1
    assert "Access-Control-Allow-Origin" not in draft_manifest


def test_a_document_without_visible_files_has_an_empty_manifest(client, db):
    Document.objects.create(public_id="text-only", title="Telegram", status="published")
    data = client.get("/iiif/documents/text-only/manifest.json").json()
    assert data["items"] == [] and "thumbnail" not in data
