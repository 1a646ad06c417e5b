"""IIIF Content Search 2.0 within a document's OCR text: hits with their boxes on the canvas,
matching that ignores case and diacritics, phrases over a line break, pages read before word
boxes were kept, the parameters the specification defines, and the access policy."""
import json

import pytest

from mosaic.iiif import content_search
from mosaic.iiif.tests.validation import schema_errors
from mosaic.ocr.word_boxes import Word, pack
from mosaic.preservation.models import OcrPage

pytestmark = pytest.mark.django_db

SEARCH = "/iiif/documents/ru-1956-plenum/search"
# Page 1 as Tesseract read it, at twice the canvas's size (600×800): as a PDF page is read at 300
# dpi and shown at 150. "Ир Сен" is broken over two lines.
LINES = [
    [("Пленум", 100, 120, 200, 50), ("ЦК", 320, 120, 80, 50), ("ТПК", 420, 120, 120, 50)],
    [("Ştefănescu", 100, 240, 300, 50), ("ёлка", 420, 240, 120, 50), ("Ким", 560, 240, 100, 50), ("Ир", 680, 240, 60, 50)],
    [("Сен,", 100, 360, 110, 50), ("первая", 230, 360, 180, 50), ("страница", 430, 360, 220, 50)],
]
TEXT = "\n".join(" ".join(word[0] for word in line) for line in LINES)


@pytest.fixture
def boxed(scanned):
    """The scanned document, its first page read with word boxes, its second without."""
    document, scan, secret = scanned
    words = [Word(text, left, top, width, height, 90.0, number)
             for number, line in enumerate(LINES) for text, left, top, width, height in line]
    OcrPage.objects.filter(stored_file=scan.stored_file, page=1).update(text=TEXT, words=pack((1200, 1600), words))
    return document, scan, secret


def canvas(scan, page: int) -> str:
    return f"http://testserver/iiif/documents/ru-1956-plenum/canvas/{scan.pk}/{page}"


def targets(answer) -> list[str]:
    return [item["target"] for item in answer["items"]]


def test_the_manifest_declares_the_service_only_to_readers_of_the_ocr_text(client, boxed, staff_member):
    manifest = client.get("/iiif/documents/ru-1956-plenum/manifest.json").json()
    assert manifest["service"] == [{"id": f"http://testserver{SEARCH}", "type": "SearchService2"}]
    assert schema_errors(manifest) == []
    boxed[0].text_layers.filter(kind="ocr").update(access="staff")
    assert "service" not in client.get("/iiif/documents/ru-1956-plenum/manifest.json").json()
    client.force_login(staff_member("Curator"))
    assert "service" in client.get("/iiif/documents/ru-1956-plenum/manifest.json").json()


def test_a_word_is_found_with_its_box_on_the_canvas_whatever_its_case(client, boxed):
    _, scan, _ = boxed
    response = client.get(SEARCH, {"q": "ПЛЕНУМ"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*" and "public" in response["Cache-Control"]
    answer = response.json()
    assert answer["@context"] == "http://iiif.io/api/search/2/context.json"
    assert (answer["type"], answer["id"]) == ("AnnotationPage", f"http://testserver{SEARCH}?q=%D0%9F%D0%9B%D0%95%D0%9D%D0%A3%D0%9C")
    (item,) = answer["items"]
    # Read at 1200×1600, shown at 600×800: the box is halved.
    assert item["target"] == f"{canvas(scan, 1)}#xywh=50,60,100,25"
    assert (item["motivation"], item["body"]) == ("supplementing", {"type": "TextualBody", "value": "Пленум",
                                                                    "format": "text/plain", "language": "ru"})
    assert schema_errors(item, "annotation") == []
    (context,) = answer["annotations"][0]["items"]
    assert context["motivation"] == "contextualizing"
    assert context["target"] == {"type": "SpecificResource", "source": item["id"], "selector": [
        {"type": "TextQuoteSelector", "exact": "Пленум", "suffix": " ЦК ТПК Ştefănescu ёлка Ким Ир"}]}
    assert "ignored" not in answer


@pytest.mark.parametrize("query, found", [
    ("stefanescu", ["Ştefănescu"]),      # diacritics folded
    ("елка", ["ёлка"]),                  # ё read as е
    ("Ки*", ["Ким", "Ким"]),             # a prefix (on both pages)
    ("сен", ["Сен,", "Сен"]),            # punctuation is not part of the word
    ("ТПК страница", ["ТПК", "страница", "страница:"]),  # each word on its own
])
def test_matching_folds_case_and_diacritics(client, boxed, query, found):
    answer = client.get(SEARCH, {"q": query}).json()
    assert [item["body"]["value"] for item in answer["items"]] == found


def test_a_phrase_over_a_line_break_is_one_hit_with_a_box_on_each_line(client, boxed):
    _, scan, _ = boxed
    answer = client.get(SEARCH, {"q": '"Ким Ир Сен"'}).json()
    assert targets(answer) == [f"{canvas(scan, 1)}#xywh=280,120,90,25", f"{canvas(scan, 1)}#xywh=50,180,55,25",
                               canvas(scan, 2)]
    context, on_second_page = answer["annotations"][0]["items"]
    assert on_second_page["target"]["source"] == answer["items"][2]["id"]
    first, second = context["target"]
    assert first["selector"] == [{"type": "TextQuoteSelector", "prefix": "Пленум ЦК ТПК Ştefănescu ёлка ", "exact": "Ким Ир"}]
    assert second["selector"] == [{"type": "TextQuoteSelector", "exact": "Сен,", "suffix": " первая страница"}]
    assert [first["source"], second["source"]] == [item["id"] for item in answer["items"][:2]]
    assert client.get(SEARCH, {"q": '"Ир Ким"'}).json()["items"] == []  # a phrase keeps its order


def test_a_page_read_before_word_boxes_were_kept_is_found_without_a_box(client, boxed):
    _, scan, _ = boxed
    answer = client.get(SEARCH, {"q": "вторая"}).json()
    assert targets(answer) == [canvas(scan, 2)]  # the whole page
    assert answer["items"][0]["body"]["value"] == "Вторая"
    assert answer["annotations"][0]["items"][0]["target"]["selector"][0]["suffix"] == " страница: Ким Ир Сен"
    # A word on both pages: the boxed one and the other, in page order.
    assert targets(client.get(SEARCH, {"q": "страница"}).json()) == [f"{canvas(scan, 1)}#xywh=215,180,110,25", canvas(scan, 2)]


def test_parameters_the_service_does_not_implement_are_reported_as_ignored(client, boxed):
    answer = client.get(SEARCH, {"q": "ЦК", "user": "https://example.org/u", "date": "2020-01-01T00:00:00Z/2021-01-01T00:00:00Z"}).json()
    assert answer["ignored"] == ["date", "user"] and len(answer["items"]) == 1
    assert client.get(SEARCH, {"q": "ЦК", "motivation": "painting commenting"}).json()["items"] == []
    assert len(client.get(SEARCH, {"q": "ЦК", "motivation": "painting supplementing"}).json()["items"]) == 1
    assert client.get(SEARCH).json()["items"] == []
    assert client.get(SEARCH, {"q": "-ЦК"}).json()["items"] == []


def test_bad_requests_are_told_what_is_wrong_in_one_line(client, boxed):
    for query, message in (({"q": "ЦК", "page": "0"}, "page must be a whole number from 1, not “0”"),
                           ({"q": "ЦК", "page": "2"}, "there are 1 page(s) of results, not 2"),
                           ({"q": "ЦК " * 600}, "characters long")):
        response = client.get(SEARCH, query)
        assert response.status_code == 400 and message in response.content.decode()
        assert "\n" not in response.content.decode().strip()


def test_many_hits_come_in_pages(client, boxed, monkeypatch):
    monkeypatch.setattr(content_search, "HITS_PER_PAGE", 2)
    first = client.get(SEARCH, {"q": "Пленум ЦК ТПК"}).json()
    collection = f"http://testserver{SEARCH}?q=%D0%9F%D0%BB%D0%B5%D0%BD%D1%83%D0%BC+%D0%A6%D0%9A+%D0%A2%D0%9F%D0%9A"
    assert first["id"] == f"{collection}&page=1" and first["startIndex"] == 0
    assert first["partOf"] == {"id": collection, "type": "AnnotationCollection", "total": 3,
                               "first": {"id": f"{collection}&page=1", "type": "AnnotationPage"},
                               "last": {"id": f"{collection}&page=2", "type": "AnnotationPage"}}
    assert first["next"]["id"] == f"{collection}&page=2" and "prev" not in first
    second = client.get(first["next"]["id"].removeprefix("http://testserver")).json()
    assert [item["body"]["value"] for item in first["items"] + second["items"]] == ["Пленум", "ЦК", "ТПК"]
    assert second["prev"]["id"] == f"{collection}&page=1" and "next" not in second and second["startIndex"] == 2


def test_only_what_the_reader_may_read_is_searched(client, boxed, staff_member):
    document, _, _ = boxed
    document.text_layers.filter(kind="ocr").update(access="staff")
    answer = client.get(SEARCH, {"q": "Пленум"}).json()
    assert answer["items"] == [] and "Пленум" not in json.dumps(answer, ensure_ascii=False)
    client.force_login(staff_member("Curator"))
    response = client.get(SEARCH, {"q": "Пленум"})
    assert len(response.json()["items"]) == 1
    assert "private" in response["Cache-Control"] and "Access-Control-Allow-Origin" not in response
    client.logout()
    document.status = "draft"
    document.save()
    assert client.get(SEARCH, {"q": "Пленум"}).status_code == 404
    assert client.get("/iiif/documents/no-such-doc/search", {"q": "Пленум"}).status_code == 404
