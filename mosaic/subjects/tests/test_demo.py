"""The demo corpus shows subjects and places: every tag of data/demo/subjects_places.json rests on
words the document's title, summary or public text really holds, and loading the demo twice adds
nothing."""
import pytest
from django.conf import settings

from mosaic.corpus import access
from mosaic.corpus.models import Document
from mosaic.subjects.models import DocumentPlace, DocumentSubject
from mosaic.subjects.tags import load_document_tags, read_tags

pytestmark = pytest.mark.django_db


def test_the_demo_tags_rest_on_the_documents_words_and_show_in_search(demo_db, client):
    path = settings.DATA_DIR / "demo" / "subjects_places.json"
    tags = read_tags(path)
    assert len(tags) >= 60
    for public_id, entry in tags.items():
        document = Document.objects.get(public_id=public_id)
        words = " ".join([document.title, document.summary, *(layer.text for layer in access.visible_layers(document, None)),
                          *(layer.text for layer in document.text_layers.filter(kind="ocr"))])
        assert entry["because"] in words, f"{public_id}: “{entry['because']}” is not in its title or text"
        assert entry["subjects"] or entry["places"]
        assert {l.subject.heading for l in document.subject_links.all()} == set(entry["subjects"])
        assert {l.place.term_id for l in document.place_links.all()} == set(entry["places"])
    links = DocumentSubject.objects.count() + DocumentPlace.objects.count()
    assert load_document_tags(path) == 0 and DocumentSubject.objects.count() + DocumentPlace.objects.count() == links

    facets = client.get("/api/search").json()["facets"]
    romania = next(v for v in facets["subject"] if v["value"] == "korea-north--foreign-relations--romania")
    assert romania["label"] == "Korea (North)--Foreign relations--Romania" and romania["count"] >= 8
    assert {v["value"] for v in facets["place"]} >= {"pyongyang", "bucharest", "beijing", "washington", "budapest"}
    assert any(v["value"] == "P001" or v["label"] == "Kim Il Sung" for v in facets["person"])
