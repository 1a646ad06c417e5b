"""A document imported from a record is exported as that record again, less what the public may
not see; where the ingest format cannot carry a curator's later edit, the export says so."""
import pytest

from mosaic.archives.seed import load_repositories
from mosaic.corpus.models import ArchivalUnit, Credit, Document
from mosaic.ingest.pipeline import ingest_file
from mosaic.opendata.documents import ingest_record, public_documents, record_problems

pytestmark = pytest.mark.django_db

SOURCE = "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person."
OPEN_LAYER = {"kind": "translation", "language": "en", "made_by": "James F. Person", "text": "Line one\nline two.\n\nNext."}
ENDED_EMBARGO = {"kind": "ocr", "language": "ru", "text": "Страница\fвторая", "access": "embargoed",
                 "embargo_until": "2001-01-01"}
FULL = {
    "id": "rgani-1956-07", "title": "Record of a conversation with Kim Il Sung", "type": "memorandum_of_conversation",
    "date": "1956-07", "date_min": "1956-07-20", "date_max": "1956-07-31", "date_note": "Dated from the plenum.",
    "origin_country": "USSR", "original_language": "ru", "summary": "Talks.", "classification": "Secret",
    "rights": "Translation © NKIDP.", "status": "published", "source": SOURCE,
    "credits": [{"role": "edited", "name": "Ana Editor"}, {"role": "translated", "name": "Kim Translator", "language": "ko"}],
    "agents": [{"name": "Kim Il Sung", "role": "participant", "kind": "person", "as_written": "Ким Ир Сен"},
               {"name": "Soviet Embassy", "role": "author", "kind": "organisation"}],
    "texts": [OPEN_LAYER, ENDED_EMBARGO,
              {"kind": "original", "language": "ru", "text": "Секретный оригинал", "access": "staff"},
              {"kind": "translation", "language": "de", "text": "Gesperrt", "access": "embargoed",
               "embargo_until": "2999-01-01"}],
    "source_url": "https://digitalarchive.wilsoncenter.org/document/1",
}
UNDATED = {"id": "catalogue-only", "title": "Letter, date unknown", "type": "letter", "date_min": "1950-01-01",
           "date_max": "1953-12-31", "status": "published", "catalogue_only": True,
           "held_at": "https://digitalarchive.wilsoncenter.org/document/2", "access": "embargoed",
           "embargo_until": "2010-05-01"}
HIDDEN = [{"id": "draft", "title": "A draft"}, {"id": "staff", "title": "Staff only", "status": "published", "access": "staff"}]


@pytest.fixture
def imported(write_jsonl):
    load_repositories()
    report = ingest_file(write_jsonl([FULL, UNDATED, *HIDDEN]))
    assert report.ok, report.errors
    return {document.facts.public_id: document for document in public_documents()}


def test_a_public_document_is_exported_as_the_record_it_was_imported_from(imported):
    assert sorted(imported) == ["catalogue-only", "rgani-1956-07"]
    record = ingest_record(imported["rgani-1956-07"])
    expected = {**FULL, "texts": [OPEN_LAYER, ENDED_EMBARGO]}  # restricted layers never
    expected["agents"] = [{**FULL["agents"][0]}, {**FULL["agents"][1]}]
    assert record == expected
    assert record_problems(imported["rgani-1956-07"], record) == []
    assert ingest_record(imported["catalogue-only"]) == UNDATED


def test_edits_the_ingest_format_cannot_carry_are_reported(imported):
    document = Document.objects.get(public_id="rgani-1956-07")
    ArchivalUnit.objects.filter(locator__document=document, unit_type="delo").update(value="411")
    Credit.objects.filter(document=document, role="obtained").delete()
    edited = next(d for d in public_documents() if d.facts.public_id == "rgani-1956-07")
    problems = record_problems(edited, ingest_record(edited))
    assert len(problems) == 2
    assert "locator differs" in problems[0] and "credits" in problems[1]


def test_a_record_that_would_be_refused_is_reported(imported):
    # Stored round the validator (a shell session's update): the dump says its record would not load.
    Document.objects.filter(public_id="catalogue-only").update(title="Letter\x01")
    document = next(d for d in public_documents() if d.facts.public_id == "catalogue-only")
    (problem,) = record_problems(document, ingest_record(document))
    assert problem.startswith("it would be refused:") and "U+0001" in problem
