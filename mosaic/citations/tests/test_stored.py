"""Citations are derived work: the background jobs after a change render each document's
citations and store them (KeptCitation), and readers' pages and the API serve the stored texts,
rendered again only when the facts they read are not the stored ones."""
import pytest
from django.core.management import call_command
from django.utils.html import escape

from mosaic.archives.seed import load_repositories
from mosaic.changes.service import documents_changed
from mosaic.citations import kept
from mosaic.citations.build import citable_from_document
from mosaic.citations.formats import STYLES, format_citation
from mosaic.citations.models import KeptCitation
from mosaic.corpus.models import Document
from mosaic.ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db

RECORDS = [
    {"id": "su-1956-06", "title": "Journal of Ambassador Ivanov", "date": "1956-06-14", "origin_country": "USSR",
     "original_language": "ru", "type": "journal", "status": "published",
     "source": "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person.",
     "texts": [{"kind": "translation", "language": "en", "text": "Ivanov spoke with Nam Il about the plenum."}]},
    {"id": "hu-1955-report", "title": "Report on the embassy's work", "date": "1955-03-02", "origin_country": "Hungary",
     "type": "report", "status": "published", "agents": [{"name": "Károly Pásztor", "role": "author"}],
     "texts": [{"kind": "translation", "language": "en", "text": "The embassy staff listened to a speech."}]},
]


@pytest.fixture
def imported(write_jsonl):
    load_repositories()
    report = ingest_file(write_jsonl(RECORDS))
    assert report.ok, report.errors
    return {document.public_id: document for document in Document.objects.all()}


def rendered(document, base="http://testserver"):
    citable = citable_from_document(document, base_url=base)
    return {style: format_citation(citable, style) for style in STYLES}


def test_an_import_leaves_every_document_with_its_citations_rendered_and_stored(imported):
    for document in imported.values():
        row = KeptCitation.objects.get(document=document)
        assert row.texts == {style: text.replace("http://testserver", kept.PLACEHOLDER_BASE)
                             for style, text in rendered(document).items()}


def test_the_page_and_the_api_serve_the_stored_texts_with_the_readers_address(imported, client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "archive.example"]
    document = imported["su-1956-06"]
    row = KeptCitation.objects.get(document=document)
    row.texts = {style: f"Stored {style} at {kept.PLACEHOLDER_BASE}/documents/su-1956-06/" for style in STYLES}
    row.save()
    page = client.get("/documents/su-1956-06/").content.decode()
    assert "Stored chicago-note at http://testserver/documents/su-1956-06/" in page
    api = client.get("/api/documents/su-1956-06", HTTP_HOST="archive.example").json()
    assert api["citation"]["archive"] == "Stored archive at http://archive.example/documents/su-1956-06/"


def test_changed_facts_are_rendered_on_the_page_until_the_job_stores_them(imported, client):
    document = imported["su-1956-06"]
    KeptCitation.objects.filter(document=document).update(texts={style: "Stale" for style in STYLES})
    Document.objects.filter(pk=document.pk).update(title="Journal of Ambassador V. I. Ivanov")
    document.refresh_from_db()
    page = client.get("/documents/su-1956-06/").content.decode()
    assert "Stale" not in page
    assert "Journal of Ambassador V. I. Ivanov" in rendered(document)["chicago-note"]
    assert escape(rendered(document)["chicago-note"]) in page
    documents_changed([document.pk], "edited")  # the change service queues the job; tests run jobs at once
    row = KeptCitation.objects.get(document=document)
    assert row.texts["chicago-note"] == rendered(document)["chicago-note"].replace("http://testserver", kept.PLACEHOLDER_BASE)


def test_a_deleted_document_takes_its_citations_with_it(imported):
    imported["hu-1955-report"].delete()
    assert not KeptCitation.objects.filter(document_id=imported["hu-1955-report"].pk).exists()


def test_cite_keep_fills_what_is_missing_and_with_all_what_is_stale(imported, capsys):
    KeptCitation.objects.filter(document=imported["su-1956-06"]).delete()
    KeptCitation.objects.filter(document=imported["hu-1955-report"]).update(key="citations:old", texts={})
    call_command("cite", "keep")
    assert capsys.readouterr().out.strip() == "Citations rendered and kept for 1 of 1 documents looked at."
    assert KeptCitation.objects.get(document=imported["su-1956-06"]).texts
    call_command("cite", "keep", "--all")
    assert capsys.readouterr().out.strip() == "Citations rendered and kept for 1 of 2 documents looked at."
    assert KeptCitation.objects.get(document=imported["hu-1955-report"]).texts == {
        style: text.replace("http://testserver", kept.PLACEHOLDER_BASE) for style, text in rendered(imported["hu-1955-report"]).items()}
    call_command("cite", "keep", "--all")
    assert capsys.readouterr().out.strip() == "Citations rendered and kept for 0 of 2 documents looked at."


def test_an_archive_from_before_gets_the_citations_it_lacks_queued(imported):
    """`mosaic init` queues them (queue_missing_citations); tests run the jobs at once."""
    from mosaic.changes.service import queue_missing_citations

    KeptCitation.objects.all().delete()
    assert queue_missing_citations() == 2
    assert KeptCitation.objects.count() == 2
    assert queue_missing_citations() == 0
